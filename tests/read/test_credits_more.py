"""Credits the first reader missed: glued bylines, Traditional bylines and photo credits,
site-led bylines, editor lines glued to the source line, and prose that is no credit.

Names and sites are made up or taken from other real pages; none comes from the dev article.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.read import normalize
from kg.read.credits import read_credits, read_site, read_text_metadata, split_names

R, C, P, E, A = "reporter", "correspondent", "photographer", "editor", "author"


def _credits(text: str) -> list[tuple[str, str, str]]:
    out = []
    for c in read_credits(text):
        assert text[c.start : c.end] == c.name  # spans point at the name
        out.append((c.name, c.role.value))
    return out


# --------------------------------------------------------------------------- 1. glued names


@pytest.mark.parametrize(
    ("run", "glued", "names"),
    [
        ("李四王五", False, ["李四", "王五"]),
        ("张三丰李四", False, ["张三丰", "李四"]),  # a three-character name first when the rest splits
        ("周晓岚吴敏", True, ["周晓岚", "吴敏"]),
        ("钱多多孙一鸣郑凯", True, ["钱多多", "孙一鸣", "郑凯"]),
        ("欧阳晓峰林涛", True, ["欧阳晓峰", "林涛"]),  # compound surname
        ("司马文李红", True, ["司马文", "李红"]),
        ("黄海", True, ["黄海"]),
        ("冼星", False, ["冼星"]),
        ("阿依古丽", False, ["阿依古丽"]),  # a lone name between separators needs no known surname
        # a Tibetan name (two given-name elements, no surname) is one person, even when both halves
        # start with a surname character (巴 and 罗) and would otherwise be cut in two
        ("巴桑罗布", False, ["巴桑罗布"]),
        ("巴桑罗布", True, ["巴桑罗布"]),
        ("扎西多吉", False, ["扎西多吉"]),
        ("江月索雷", False, ["江月", "索雷"]),     # two Chinese names of two characters stay two
        ("从市卫健委获悉", True, None),
        ("了解到", True, None),
        ("在现场看到", True, None),
        ("头全天候", True, None),
        ("展开幕", True, None),
        # a long run of surname characters is cut in linear time, and only up to eight names
        ("王李张文明国华高方金林马江石向和时成" * 5, True, None),
    ],
)
def test_split_names(run: str, glued: bool, names: list[str] | None) -> None:
    assert split_names(run, glued=glued) == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("记者孙立平通讯员周晓岚吴敏", [("孙立平", R), ("周晓岚", C), ("吴敏", C)]),
        ("本报记者何志强 郑丽", [("何志强", R), ("郑丽", R)]),
        ("记者 梁文博 记者 韦小宝", [("梁文博", R), ("韦小宝", R)]),
        ("记者杨帆卢晓东", [("杨帆", R), ("卢晓东", R)]),
        ("（记者冯雪梅 通讯员欧阳晓峰林涛）", [("冯雪梅", R), ("欧阳晓峰", C), ("林涛", C)]),
        ("本报讯（记者马骁骁通讯员田甜）近日，社区开展核酸检测。", [("马骁骁", R), ("田甜", C)]),
        ("记者刘星辰摄", [("刘星辰", P)]),
    ],
)
def test_glued_bylines(text: str, expected: list[tuple[str, str]]) -> None:
    assert _credits(text) == expected


# --------------------------------------------------------------------------- 2. Traditional bylines


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "社區工作人員堅守崗位，為居民提供服務。\n（張曉東 通訊員 黃國華鄭麗）",
            {("张晓东", R), ("黄国华", C), ("郑丽", C)},
        ),
        ("醫護人員連續奮戰在抗疫一線。\n（記者 蘇曉嵐 通訊員 劉偉）", {("苏晓岚", R), ("刘伟", C)}),
        ("醫護人員連續奮戰在抗疫一線。\n（記者鍾國強 馮麗華）", {("钟国强", R), ("冯丽华", R)}),
    ],
)
def test_traditional_bylines(res, raw: str, expected: set[tuple[str, str]]) -> None:
    a = normalize(raw, source="t", resources=res)
    assert {(c.name, c.role.value) for c in a.credits} == expected
    for c in a.credits:  # three-character names stay whole
        assert a.text[c.start : c.end] == c.name


# --------------------------------------------------------------------------- 3. site-led bylines


@pytest.mark.parametrize(
    ("text", "expected", "site"),
    [
        ("浙江在线记者 吴晓明 3月5日报道：连日来，各地干部下沉社区。", [("吴晓明", R)], "浙江在线"),
        ("大河网记者宋佳2月17日报道 连日来，干部下沉一线。", [("宋佳", R)], "大河网"),
        ("澎湃新闻记者 邱凯 报道\n正文。", [("邱凯", R)], "澎湃新闻"),
        ("西部网讯（记者 贺兰山）连日来，干部下沉一线。", [("贺兰山", R)], "西部网"),
        ("长城网讯（记者魏东 通讯员吕佳）连日来，干部下沉一线。", [("魏东", R), ("吕佳", C)], "长城网"),
        ("广西日报记者韦凤英报道：连日来，干部下沉一线。", [("韦凤英", R)], "广西日报"),
        ("本报记者 孔明 报道\n正文。", [("孔明", R)], None),
        ("解放日报·上观新闻讯（记者 柏松）连日来，干部下沉一线。", [("柏松", R)], "解放日报·上观新闻"),
        ("大河报·豫视频讯 记者 宁静 通讯员 方圆 报道", [("宁静", R), ("方圆", C)], "大河报·豫视频"),
    ],
)
def test_site_led_bylines(text: str, expected: list[tuple[str, str]], site: str | None) -> None:
    assert _credits(text) == expected
    assert read_text_metadata(text).site == site


def test_a_known_site_is_not_replaced(res) -> None:
    a = normalize("浙江在线记者 吴晓明 报道\n正文。", source="t", site="某某新闻网", resources=res)
    assert a.site == "某某新闻网"
    assert [(c.name, c.role.value) for c in a.credits] == [("吴晓明", R)]


# --------------------------------------------------------------------------- 4. Traditional photo credits


@pytest.mark.parametrize(
    ("caption", "names"),
    [
        ("攝影 張曉東", ["张晓东"]),
        ("張曉東 攝", ["张晓东"]),
        ("張曉東／攝影", ["张晓东"]),
        ("圖／張曉東", ["张晓东"]),
        ("攝影：張曉東、劉國華", ["张晓东", "刘国华"]),
        ("鍾麗 攝", ["钟丽"]),
    ],
)
def test_traditional_photo_credits(res, caption: str, names: list[str]) -> None:
    raw = f"圖為醫護人員為居民進行核酸檢測。\n{caption}\n社區幹部連續奮戰在抗疫一線，為居民提供服務。"
    a = normalize(raw, source="t", resources=res)
    assert [(c.name, c.role.value) for c in a.credits] == [(n, P) for n in names]


def test_traditional_credit_inside_simplified_text(res) -> None:
    """A Traditional caption credit in a Simplified article: titles matched, names given Simplified."""
    body = "社区干部连续奋战在抗疫一线，为居民提供服务，守护群众健康。" * 6
    raw = f"图为医护人员为居民进行核酸检测。\n張曉東／攝影\n{body}"
    a = normalize(raw, source="t", resources=res)
    assert a.text_traditional is None
    assert [(c.name, c.role.value) for c in a.credits] == [("张晓东", P)]
    c = a.credits[0]
    assert a.text[c.start : c.end] == "張曉東"


# --------------------------------------------------------------------------- 5. editor lines


@pytest.mark.parametrize(
    ("text", "expected", "site"),
    [
        ("来源：某某网编辑：张小龙责编：李梅", [("张小龙", E), ("李梅", E)], "某某网"),
        (
            "2020-02-17 10:00 来源：秦风网 编辑：雷鸣 责任编辑：白雪",
            [("雷鸣", E), ("白雪", E)],
            "秦风网",
        ),
        ("来源：燕赵都市报编辑：郝建 审核：牛犇", [("郝建", E), ("牛犇", E)], "燕赵都市报"),
        ("來源：東方網 編輯：葉青", [("葉青", E)], "東方網"),
    ],
)
def test_editor_lines(text: str, expected: list[tuple[str, str]], site: str) -> None:
    assert _credits(text) == expected
    assert read_site(text) == site


# --------------------------------------------------------------------------- 6. precision


@pytest.mark.parametrize(
    "text",
    [
        "记者从市卫健委获悉",
        "记者从市卫健委获悉，全市已完成核酸检测。",
        "记者了解到",
        "记者在现场看到",
        "记者在现场看到，志愿者正在维持秩序",
        "记者来到隔离点",
        "记者们坚守一线",
        "小区门口安装了摄像头",
        "摄像头全天候监控",
        "摄影展开幕",
        "市民参观抗疫主题摄影展",
        "编辑部全体人员",
        "（图为志愿者在卡口值守）",
        "（记者从发布会获悉）",
    ],
)
def test_prose_is_no_credit(text: str) -> None:
    assert _credits(text) == []


# --------------------------------------------------------------------------- more forms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an agency dateline glued to the last name: the place is no part of it
        ("（记者 苗青 石磊北京2月6日电）", [("苗青", R), ("石磊", R)]),
        ("（记者蒋雯杭州2月6日电）", [("蒋雯", R)]),
        # empty credit fields and words closing a byline are no names
        ("编辑：许诺 作者：佚名", [("许诺", E)]),
        ("作者：暂无", []),
        ("记者 邵阳 发自杭州", [("邵阳", R)]),
        ("记者 邵阳 整理", [("邵阳", R)]),
        ("（记者 邵阳 实习生 蓝天）", [("邵阳", R), ("蓝天", A)]),
        ("策划：金鑫 统筹：应晖", [("金鑫", E), ("应晖", E)]),
        # a bullet before a byline line
        ("■本报记者 章程 通讯员 冉冉", [("章程", R), ("冉冉", C)]),
        # an untitled name counts only when a titled name follows it
        ("（王府井 记者站）", []),
        # the lead after the site tag ends at the first comma; its first words are no names
        ("本报讯 记者贝宁 通讯员汪洋 连日来，干部下沉一线。", [("贝宁", R), ("汪洋", C)]),
        ("本报讯 记者贝宁 近日，干部下沉一线。", [("贝宁", R)]),
        ("本報記者 張三豐 報導", [("張三豐", R)]),
        # the review chain of government sites
        ("一审：贺新 二审：温良 三审：常青", [("贺新", E), ("温良", E), ("常青", E)]),
        ("二审判决维持原判", []),
        # a field's Latin placeholder ends that field only; a number after a name still ends the byline
        ("来源： 清风网 作者： editor 一审：贺新 二审：温良", [("贺新", E), ("温良", E)]),
        ("作者：admin 编辑：许诺", [("许诺", E)]),
        ("记者 贺新 2020 编辑：许诺", [("贺新", R)]),
        # a photographer's title after the paper's name
        ("本报摄影记者 龙飞", [("龙飞", P)]),
        ("市融媒体中心摄像记者 石磊", [("石磊", P)]),
        ("文/图：严肃", [("严肃", A), ("严肃", P)]),
        # a caption's subject glued before the byline is no credit, and no paper named 韩梅本报
        ("韩梅梅本报记者周航吴桐摄", [("周航", P), ("吴桐", P)]),
        ("据本报记者了解", []),
        # a reporter's title after a photo title names the photographer, not an author
        ("图/本报记者 鲁班", [("鲁班", P)]),
        ("文/本报记者 鲁班", [("鲁班", A), ("鲁班", R)]),
    ],
)
def test_more_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert _credits(text) == expected


def test_review_titles_are_whole_and_their_own() -> None:
    """A site's review fields (校审, 监审, 审稿人) are titles of their own, and 初审编辑 is one title: the name
    after them is not read as the previous field's value (贺新 was the 编辑's) nor under a cut title (初审)."""
    text = "编辑：许诺 校审：贺新 责任编辑：温良 监审：常青\n初审编辑：应晖 审稿人：金鑫"
    got = [(c.name, c.title.strip(" ：:")) for c in read_credits(text)]
    assert got == [("许诺", "编辑"), ("贺新", "校审"), ("温良", "责任编辑"), ("常青", "监审"),
                   ("应晖", "初审编辑"), ("金鑫", "审稿人")]


def _real_rows() -> list[tuple[str, set[tuple[str, str]], str | None, str]]:
    path = Path(__file__).resolve().parents[1] / "data" / "read" / "credits" / "real_bylines.tsv"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, credits, site, url = line.split("\t")
        want = {tuple(x.split(":")) for x in credits.split(";") if x}
        rows.append((text.replace("\\n", "\n"), want, None if site == "-" else site, url))
    return rows


@pytest.mark.parametrize(("text", "expected", "site", "url"), _real_rows())
def test_real_bylines(res, text: str, expected: set[tuple[str, str]], site: str | None, url: str) -> None:
    """Credit lines of real pages, through the whole reader (repair, conversion, chrome removal)."""
    a = normalize(text, source=url, resources=res)
    assert {(c.name, c.role.value) for c in a.credits} == expected
    if site is not None:
        assert a.site == site


# --------------------------------------------------------------------------- the outlet of a credit
# (invented names and outlets; the forms are the genre's)

@pytest.mark.parametrize(("text", "expected"), [
    # the outlet in the title
    ("（永宁日报记者 张明 李华）", {"张明": ("永宁日报", "记者"), "李华": ("永宁日报", "记者")}),
    # apart from the title on the credit's line, the last of a compound (新某某·某某报)
    ("新永宁·永宁新区报 记者 赵兰\n面对疫情", {"赵兰": ("永宁新区报", "记者")}),
    ("（来源：永宁日报 记者：张明 李华）", {"张明": ("永宁日报", "记者"), "李华": ("永宁日报", "记者")}),
    # an agency's dateline before the bracket: no post when the bracket names no title
    ("新华网永宁5月18日电（赵兰）“谢谢你们。", {"赵兰": ("新华网", "")}),
    ("新华社北京3月5日电（记者 张明）", {"张明": ("新华社", "记者")}),
    # 采访人员: what mirrors print for 记者
    ("共同战疫！（总台央视采访人员张明 李华）\n", {"张明": ("总台央视", "采访人员"), "李华": ("总台央视", "采访人员")}),
    # the site, for a bare reporter's title with no outlet written
    ("本报讯（记者 张明）近日，", {"张明": ("永宁融媒", "记者")}),
    # an outlet's news line before the bracket (某某日报讯), after an app's name and a slash
    ("永宁云/永宁日报讯（记者 张明报道）近日，", {"张明": ("永宁日报", "记者")}),
    ("永宁网讯（记者 张明 李华）近日，", {"张明": ("永宁网", "记者"), "李华": ("永宁网", "记者")}),
    # the words that open the line are no part of the outlet's name
    ("据永宁电视台消息（记者 张明）近日，", {"张明": ("永宁电视台", "记者")}),
    ("昨天永宁日报讯（记者 张明）近日，", {"张明": ("永宁日报", "记者")}),
    # an outlet's name ending in Latin letters, apart from the title
    ("2022-08-29 17:31:51 永宁新闻Knews记者 张明 李华", {"张明": ("永宁新闻Knews", "记者"),
                                                         "李华": ("永宁新闻Knews", "记者")}),
    # a byline closing a paragraph: the outlet is in the title
    ("医务人员集合到位。 永宁晚报全媒体记者 张明 摄影报道", {"张明": ("永宁晚报", "全媒体记者")}),
])
def test_the_outlet_of_a_credited_reporter(text: str, expected: dict[str, tuple[str, str]]) -> None:
    from kg.read.credits import credit_outlet

    found = {c.name: credit_outlet(text, c, site="永宁融媒") for c in read_credits(text)}
    assert found == expected


def test_the_outlet_of_a_credit_counter_examples() -> None:
    from kg.read.credits import credit_outlet

    # an outlet named in prose before an untitled bracket is no dateline, nor a news line
    text = "据永宁日报报道，当天（张明）到场。"
    assert all(credit_outlet(text, c) is None for c in read_credits(text))
    text = "永宁日报讯息显示，当天（张明）到场。"
    assert all(credit_outlet(text, c) is None for c in read_credits(text))
    # a unit that is no outlet before 记者 on the line: the site, not the unit
    text = "永宁县卫健局 记者 张明\n"
    found = {c.name: credit_outlet(text, c, site="永宁融媒") for c in read_credits(text)}
    assert found == {"张明": ("永宁融媒", "记者")}
    # Latin letters before 记者 that follow no outlet's name: the site
    text = "2022-08-29 ABC记者 张明\n"
    found = {c.name: credit_outlet(text, c, site="永宁融媒") for c in read_credits(text)}
    assert found == {"张明": ("永宁融媒", "记者")}
    # 转载自 closes a byline: no person named 转载自
    assert "转载自" not in {c.name for c in read_credits("（来源：永宁日报 记者：张明 转载自“永宁发布”）")}


def test_a_one_character_title_glued_to_the_name_before_its_slash() -> None:
    """通讯员范某某文/图: the correspondent wrote and photographed (not two names 范建 and 昌文); 赵某图/全媒体
    记者钱某: the title 图 goes with the name after the slash."""
    from kg.read.credits import read_credits

    got = [(c.name, c.role.value) for c in read_credits("□本报记者董文胜通讯员范建昌文/图\n正文。")]
    # (文/图 closing the byline: everyone named in it wrote and took the photographs)
    assert sorted(got) == [("范建昌", "correspondent"), ("范建昌", "photographer"), ("董文胜", "photographer"),
                           ("董文胜", "reporter")]
    got = {(c.name, c.role.value) for c in read_credits("新疆网讯（文/全媒体记者赵莉图/全媒体记者陈星宇）正文。")}
    assert got == {("赵莉", "author"), ("赵莉", "reporter"), ("陈星宇", "photographer")}
    # counter-example: 文/ opening a title (文/记者 张三 图/通讯员 李四) gives each their own role
    got = {(c.name, c.role.value) for c in read_credits("（文/记者 张明 图/通讯员 李华）")}
    assert ("张明", "photographer") not in got and ("李华", "photographer") in got


def test_a_network_and_its_brand_before_the_title_and_an_outlet_named_alone_inside_a_byline() -> None:
    """（某总台央视记者 甲 乙 某某广播电视台 丙 丁）: the network, its brand and 记者 are one title; the station
    named alone after them heads its own reporters. A station named alone with no title before is no byline."""
    from kg.read.credits import read_credits

    got = [(c.name, c.role.value, c.title) for c in read_credits(
        "防疫工作有序开展。（中央广播电视总台央视记者 苏蒙 钱重宇 平凉广播电视台 杨波 高子渊）")]
    assert got == [("苏蒙", "reporter", "中央广播电视总台央视记者"), ("钱重宇", "reporter", "中央广播电视总台央视记者"),
                   ("杨波", "reporter", "平凉广播电视台"), ("高子渊", "reporter", "平凉广播电视台")]
    assert read_credits("防疫工作有序开展。（平凉广播电视台 杨波 高子渊）") == []


@pytest.mark.parametrize(("text", "expected"), [
    # captions and paragraphs run together on one line: the name set off by spaces, after a title ...
    ("救援队对收费站进行消杀作业。 本报记者 钱立新 摄某某救援队员分发防疫物资。本报记者 孙望 摄某某队员用餐。",
     [("钱立新", P), ("孙望", P)]),
    # ... or right after a caption's last sentence, with a space after 摄
    ("志愿者连夜值守。守夜人。冯小雅 摄 他们是高速路口的守夜人。", [("冯小雅", P)]),
    # a correspondent's photo credit glued to the caption, ending the line; 拍摄 is the verb, not the name's
    ("流调人员紧急集结，驰援开展流调工作。通讯员钱立新摄\n某某网讯（通讯员钱立新）", [("钱立新", P)]),
    ("志愿者在路口值守。通讯员孙望拍摄\n", [("孙望", P)]),
    ("志愿者连夜值守。守夜人。馮小雅 攝 他們是高速路口的守夜人。", [("冯小雅", P)]),
])
def test_a_photo_credit_inside_a_run_together_line(text: str, expected: list[tuple[str, str]]) -> None:
    got = {(c.name, c.role.value) for c in normalize(text, source="caption.txt").credits}
    assert set(expected) <= got


@pytest.mark.parametrize("text", [
    "他说。记者 钱立新 摄影棚里灯火通明，记者 孙望 摄像头前讲述。",      # 摄影, 摄像: words, no credit
    "他说。钱立新 摄于去年冬天的照片，大家 摄制了短片。",                # 摄 glued to the next word, untitled
    "专家说，孙望 摄入的营养不足。",                                    # no sentence end, no title before the name
])
def test_a_spaced_photo_credit_needs_its_title_or_its_caption_and_its_spaces(text: str) -> None:
    assert not [c for c in read_credits(text) if c.role.value == P]


@pytest.mark.parametrize(("text", "expected"), [
    ("（记者?钱立新?通讯员?孙望?冯小雅）", [("钱立新", R), ("孙望", C), ("冯小雅", C)]),
    ("来源:本站原创 ?作者:钱立新?孙望?冯小雅\n", [("钱立新", A), ("孙望", A), ("冯小雅", A)]),
    ("某某日报首席记者?钱立新?\n", [("钱立新", R)]),
    # a lost character's mark right before the next field (某某日？ for 某某日报), then the field's names
    ("08月04日 11:53 来源：东川日？ 作者：钱立新 孙望 编辑：冯小雅 |\n", [("钱立新", A), ("孙望", A), ("冯小雅", E)]),
    # as normalising leaves it: the full-width ？
    ("工作稳步推进。（记者？钱立新？通讯员？孙望？冯小雅）", [("钱立新", R), ("孙望", C), ("冯小雅", C)]),
])
def test_a_non_breaking_space_written_as_a_question_mark_separates_credits(
        text: str, expected: list[tuple[str, str]]) -> None:
    """A lossy GBK encoder writes U+00A0 as '?': between Han characters in a byline it is the space it was."""
    got = _credits(text)
    assert set(expected) <= set(got)


def test_a_question_mark_standing_for_a_lost_character_is_no_separator() -> None:
    """'?' before a converter's Latin gloss stands for a lost character (日?qǐng): it stays; so does a mark with
    a lone Han character on either side (钱?新: a lost character inside a name, which a space would make 钱新);
    a ？ in prose, where no title stands alone among the chunks, is a question."""
    assert _credits("某某日?qǐng)?bào记者 钱立新\n") == [("钱立新", R)]
    assert not _credits("作者：钱?新 来源：东川网\n")
    assert not _credits("（记者？孙?望）")
    assert not _credits("你是钱立新？孙望在哪？")
    assert not _credits("你是记者？钱立新问。谁是通讯员？孙望说？")   # a question in prose: no title stands alone


def test_untitled_names_in_a_bracket_after_a_report() -> None:
    # after 报道, as after 讯 or 电
    assert ("钱立新", R) in _credits("某某在线东川频道报道（钱立新）连日来，志愿者坚守一线。")


@pytest.mark.parametrize("text", [
    "（钱立新）说，我们要守好路口。",              # one name opening a paragraph may be a quoted speaker's
    "（常德 岳阳）两市联动，共同抗疫。",            # (the reviewer's find: a bracket opening a line, read as a lead's
    "（钱立新、孙望）均为志愿者。",                #  byline, took two places or the paragraph's subjects for reporters)
    "媒体对此作了报道（钱立新说的话）。",          # no name list in the bracket
])
def test_a_bracket_opening_a_line_or_after_a_report_that_is_no_byline(text: str) -> None:
    assert not _credits(text)


def test_a_source_named_before_an_editor_is_not_the_editor_s_title() -> None:
    """来源:某某网 责任编辑:张三: the source's outlet, read inside the line's credits, heads no title after it (the
    editor was also made the outlet's reporter, and so an author)."""
    got = _credits("作者:钱立新、孙望 来源:东川网  责任编辑:冯小雅\n")
    assert ("冯小雅", E) in got and ("冯小雅", R) not in got
    assert {("钱立新", A), ("孙望", A)} <= set(got)
    # an outlet named alone still heads the reporter's title after it: its reporter keeps the outlet
    got_titles = {(c.name, c.title) for c in read_credits("（央视记者 钱立新 东川广播电视台 记者 孙望）")}
    assert ("孙望", "东川广播电视台") in got_titles


def test_names_written_together_in_the_bracket_after_a_dateline() -> None:
    """某社某地某日电（张三丰李四明）: two names written together right after the dateline are the reporters; a bracket
    closing a paragraph is not split so (（国家安全教育） would split as 国家安|全教育), nor is a place list."""
    assert {("钱立新", R), ("孙望舒", R)} <= set(_credits("某某网东川4月19日电（钱立新孙望舒）清晨，志愿者已到岗。"))
    assert not _credits("我们开展了学习。（国家安全教育）\n")
    assert not _credits("某某网讯（东风村李家庄）近日，志愿者到岗。")
    # five characters (a name and a title) or a phrase whose pieces open with surnames: no split
    for phrase in ("钟南山院士", "黄河文化节", "高考直通车", "程序员日记"):
        assert not _credits(f"新华社东川4月19日电（{phrase}）近日，志愿者到岗。"), phrase


def test_a_bracketed_photo_credit_inside_a_line() -> None:
    """（张三 李四 摄） inside a run-together line credits the photographers; a bracket of no names credits no one."""
    got = _credits("党员在路口设卡检测 (钱立新 孙望 摄) 2月3日，某某镇成立联合党委。")
    assert {("钱立新", P), ("孙望", P)} <= set(got)
    assert not _credits("村口设了卡点（东风村 摄）他们在值守。")
    assert not _credits("村口设了卡点（资料图 摄）他们在值守。")


def test_an_empty_part_after_names_is_no_crash() -> None:
    """A Hypothesis find (session 21, in a fresh clone's property run): 编辑：张三， — a field's names closed by a
    separator — split into an empty part, which reached the name segmenter (an empty run: zip of unequal lists)
    after session 20's tidy of the untitled-name loop. An empty run holds no name, and the text reads."""
    assert split_names("", glued=True) is None and split_names("", glued=False) is None
    article = normalize("。编辑：张三，", source="t.txt")
    assert article.text.startswith("。编辑")
