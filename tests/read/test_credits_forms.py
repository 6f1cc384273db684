"""Credit forms read by the one credit parser (kg.read.credits): untitled bylines after the site tag or
alone on their line, a title glued to Latin text, a reporter's photo credit glued to a caption, a photo
title after a caption's last sentence; and prose that only looks like them. Invented names."""
from __future__ import annotations

import pytest

from kg.read.credits import outlet_and_post, read_credits, reporter_before
from kg.records import CreditRole


def _credits(text: str) -> set[tuple[str, str]]:
    return {(c.role.value, c.name) for c in read_credits(text)}


@pytest.mark.parametrize(("text", "expected"), [
    ("某某新闻网讯（郭海文）近日，某村开展排查。", {("reporter", "郭海文")}),
    ("某某网宁德4月22日电 （黄玲芝 吴夏明）“我们睡在帐篷里。”", {("reporter", "黄玲芝"), ("reporter", "吴夏明")}),
    ("某某在线频道消息（杨薇娜）：日前，党员到社区报到。", {("reporter", "杨薇娜")}),
    ("社区干部坚守一线。\n（宋嘉明 周芳华）\n", {("reporter", "宋嘉明"), ("reporter", "周芳华")}),
    ("2022-04-26 18:40:08 某某新闻Knews记者 陈慧敏 师玉成", {("reporter", "陈慧敏"), ("reporter", "师玉成")}),
    ("新闻发布会现场某某网记者钟宁远摄", {("photographer", "钟宁远")}),
    ("志愿者在社区值守。 摄影 张杰仁", {("photographer", "张杰仁")}),
    # a byline closing a paragraph after its last sentence, closed by 报道 / 摄影报道
    ("医务人员集合到位。 某某晚报全媒体记者 黄明远 徐丽 摄影报道\n编辑 陈立",
     {("reporter", "黄明远"), ("photographer", "黄明远"), ("reporter", "徐丽"), ("photographer", "徐丽")}),
    ("会议强调做好宣传。 记者 蒙少川 邓琳 报道", {("reporter", "蒙少川"), ("reporter", "邓琳")}),
    ("通讯员 赵立新 记者 王安 摄影报道", {("correspondent", "赵立新"), ("reporter", "王安"), ("photographer", "王安")}),
    ("医务人员集合到位。某某日报记者 黄明远 徐丽 摄影报道\n", {("reporter", "黄明远"), ("photographer", "徐丽")}),
    # titles of real pages: a misprint of 通讯员, 撰稿人, production credits, 丨 between title and name
    ("本网讯(通信员:柯立明)“请大家排好队”", {("correspondent", "柯立明")}),
    ("单位及撰稿人:柯立明", {("author", "柯立明")}),
    ("编导:郝文博 汪立\n剪辑丨龚悦\n总监制丨薛刚", {("editor", "郝文博"), ("editor", "汪立"), ("editor", "龚悦"),
                                            ("editor", "薛刚")}),
    ("记者丨郝文博 汪立", {("reporter", "郝文博"), ("reporter", "汪立")}),
    # two outlets of one newsroom before 记者, or a paper and its brand
    ("（某某客户端、某某新闻网记者 郝文博 通讯员 汪立）", {("reporter", "郝文博"), ("correspondent", "汪立")}),
    ("某某青年报·青春某某记者 郝文博\n", {("reporter", "郝文博")}),
    # untitled names in brackets closing a paragraph
    ("一面面党旗在一线高高飘扬。(郝文博 汪立)\n", {("reporter", "郝文博"), ("reporter", "汪立")}),
    # several untitled names before a titled one in the bracket after the site tag
    ("某某报讯 （郝文博 汪立新 记者周丽华） 10月21日，医疗队凯旋。",
     {("reporter", "郝文博"), ("reporter", "汪立新"), ("reporter", "周丽华")}),
    ("某某网讯（郝文博 汪立新 通讯员林琪芳）为加强防控，局里选派干部。",
     {("reporter", "郝文博"), ("reporter", "汪立新"), ("correspondent", "林琪芳")}),
    # an untitled item opening with no known surname (a rare one, 绳) is left out, the names after it still count
    ("某某在线消息（绳立国 沈丽婧 记者 古蓉芳）自疫情发生以来", {("reporter", "沈丽婧"), ("reporter", "古蓉芳")}),
    # a contributing unit and its writer in brackets, after the site tag or closing a paragraph
    ("某某网讯（永宁县东坪镇人民政府：张玉兰）全镇各村开展排查。", {("author", "张玉兰")}),
    ("每日两次体温随访。（永宁区人防办：杜立新）\n附件：", {("author", "杜立新")}),
    # a writer's name before 文 after a slash, in brackets
    ("全力保障一线党员干部的生活需求。\n( 崔立萌/文） |", {("author", "崔立萌")}),
    # a dated lead on a long line (a page's header run into the text)
    ("守沪者们来了 发布一下 2022年04月04日 14:11 0 0 某某网记者郝文博、汪立新4月3日报道：近日上海抗疫之战牵动人心，"
     "来自全国各地的医护人员紧急驰援上海。今天下午，搭载医疗队员的高铁抵达上海。他们中有医生和护士，将赴方舱医院工作。",
     {("reporter", "郝文博"), ("reporter", "汪立新")}),
    # an untitled name opening a credit's line before a titled one
    ("看图 发表新帖\n陈立霞 某某新闻记者 谢立杰\n“师傅，您好", {("reporter", "陈立霞"), ("reporter", "谢立杰")}),
])
def test_credit_forms(text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= _credits(text)


@pytest.mark.parametrize("text", [
    "村民（张三丰）说，他很满意。",          # a bracketed name in prose is no byline
    "他说（笑）。\n（完）\n",                  # a bracketed note alone on its line
    "某某网讯（图为志愿者在值守）近日，…",   # a caption note after the site tag
    "记者从区卫健局获悉，志愿者已到岗。",     # 记者 in prose
    "医务人员集合到位。 记者了解到，该县的经验被多家媒体报道",   # a sentence opening with 记者, closed by 报道
    "这是他们的摄影报道作品。",              # 摄影报道 in prose
    "工作有序开展。（东山村 西庄）",          # places in brackets after a sentence
    "大家都很配合。（完）",                    # a note
    "（东山村 西庄村 记者站）",                # places before a word that only starts like a title
])
def test_prose_is_no_credit(text: str) -> None:
    assert read_credits(text) == []


def test_outlets_of_titles_and_reporters_in_the_text() -> None:
    assert outlet_and_post("兰州日报社全媒体记者") == ("兰州日报社", "全媒体记者")
    assert outlet_and_post("湖北日报全媒记者") == ("湖北日报", "全媒记者")   # 全媒, short for 全媒体
    assert outlet_and_post("本报记者", site="某某日报") == ("某某日报", "记者")
    assert outlet_and_post("本报记者") is None and outlet_and_post("记者") is None
    text = "新民晚报记者张三在现场看到。"
    assert reporter_before(text, text.index("张三")) == ("新民晚报", "记者")
    assert reporter_before("据本报记者张三了解。", 6) is None
    assert next(c for c in read_credits("（特约记者 钱小明）")).role is CreditRole.SPECIAL_CORRESPONDENT


@pytest.mark.parametrize(("text", "expected"), [
    # an empty field of a page's metadata line: the next label is no name, and its title is not passed on
    ("2020-02-03 08:00:00 来源:某某区人民政府 作者:消息 责任编辑:康立 字号:T|T", {("editor", "康立")}),
    ("作者:付立来源:某某医院宣传中心 发布时间:2020-04-03 浏览次数:", {("author", "付立")}),
    ("点击数:    时间:2021年07月26日 20:45   作者:    录入:王雅琳    来源:   ", {("editor", "王雅琳")}),
])
def test_page_metadata_lines(text: str, expected: set[tuple[str, str]]) -> None:
    assert _credits(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # metadata fields run into the text on one line: the head before the date and time stamp is a metadata line
    ("文章来源:某某县融媒体中心 作者:郝文博 汪立 时间:2022-10-14 13:30:21“各位乡亲，暂时不要赶集。”志愿者来到村里。",
     {("author", "郝文博"), ("author", "汪立")}),
    # untitled names between a page's date and time stamp and its next field
    ("2021-09-12 15:40:00 郝文博 汪立 柯立明 来源:某某日报  责任编辑:康立\n",
     {("reporter", "郝文博"), ("reporter", "汪立"), ("reporter", "柯立明"), ("editor", "康立")}),
    # 图 with its slash after a caption's last sentence
    ("队员们协助开展秩序维护、信息登记等工作。图/欧阳文博\n下一段。", {("photographer", "欧阳文博")}),
    ("队员们在卡口值守。图：郝文博 汪立\n", {("photographer", "郝文博"), ("photographer", "汪立")}),
    # a titled credit with its colon after a paragraph's last sentence, ending its line (a bar may close it)
    ("部分采样医疗队员返回。 编辑:郝文博 |", {("editor", "郝文博")}),
    ("一起到各疫情防控现场。 作者：郝文博 汪立\n", {("author", "郝文博"), ("author", "汪立")}),
    # a bracket alone on its line opened by the writers' unit (or units)
    ("工作有序开展。\n（某县卫生健康局办公室 郝文博 汪立）\n", {("author", "郝文博"), ("author", "汪立")}),
    ("工作有序开展。\n(党群工作处 郝文博  办公室 汪立)\n", {("author", "郝文博"), ("author", "汪立")}),
    # a name before 提供 (supplied by) took the picture
    ("图：郝文博提供\n", {("photographer", "郝文博")}),
    ("工作有序开展。\n记者 郝文博 供稿\n", {("reporter", "郝文博")}),
    # a name that ends like a unit (科, 会) after the unit is a name
    ("工作有序开展。\n（东坪县卫健局 周海涛 王文科）\n", {("author", "周海涛"), ("author", "王文科")}),
])
def test_page_heads_caption_photos_and_unit_brackets(text: str, expected: set[tuple[str, str]]) -> None:
    assert _credits(text) == expected


@pytest.mark.parametrize("text", [
    "2021-09-12 15:40:00 某某新闻网 来源:某某日报",          # an outlet after the stamp is no name
    "2021-09-12 15:40:00 东山村 西庄村 来源:某某日报",       # places after the stamp
    "发布时间：2021-09-12 15:40:00 浏览次数 来源：某某网",     # the next field's label
    "2021-09-12 15:40:00 郝文博 汪立在社区值守。",            # names in prose after a stamp, no field after them
    "志愿者在值守。图/新华社\n",                              # an agency after 图/
    "志愿者在值守。图：东风社区提供\n",                        # a unit that supplied the picture
    "志愿者在值守。图/受访者供图\n",                          # the interviewee
    "志愿者在值守。图为队员在卡口测温\n",                      # 图为: a caption, no credit
    "工作有序开展。\n（东风社区 西山村）\n",                  # places only
    "工作有序开展。\n（某县卫生健康局 某县疾控中心）\n",      # units only
    "工作有序开展。\n（郝文博 某县卫生健康局）\n",            # a name before any unit
    "工作有序开展。\n（东坪镇 郝文博）\n",                    # a division, not a unit (a person at a place)
    "（某县卫生健康局办公室 供稿）\n",                         # no name
    "图：东风社区提供",                                         # a community supplied the picture
    "摄影：东风社区供图",
    "图片：某县融媒体中心提供\n",                              # ... or a media centre
    "他说：“记者：你好。”\n",                                  # a title and colon inside a quotation
    "大家都很配合。 记者: 当天下午三点\n",                     # no name after the colon
    "会议强调。 编辑：要做好工作\n",                           # prose after the colon
    "大家都很好。 记者：周医生辛苦了\n",                       # an interview's question after 记者：
    "大家都很好。”记者：谢谢您\n",                            # ... and its thanks
])
def test_what_only_looks_like_those_credits_is_none(text: str) -> None:
    assert read_credits(text) == []


def test_outlets_of_joined_and_branded_titles() -> None:
    from kg.read.credits import credit_outlet

    text = "（某某客户端、某某新闻网记者 郝文博）"
    assert [credit_outlet(text, c) for c in read_credits(text)] == [("某某新闻网", "记者")]
    assert outlet_and_post("融媒体记者") is None        # a modifier, not an outlet
    assert outlet_and_post("某某在线记者") == ("某某在线", "记者")


def test_the_outlet_of_an_own_reporter_in_a_dated_news_line() -> None:
    from kg.read.credits import credit_outlet

    text = "永宁网2月2日讯（本网记者 郝文博 通讯员 汪立新）2月1日，村党支部委员到卡口值守。"
    by_name = {c.name: credit_outlet(text, c) for c in read_credits(text)}
    assert by_name["郝文博"] == ("永宁网", "记者")
    # counter-example: a correspondent (通讯员) writes from another unit; the news line names no outlet of theirs
    assert by_name["汪立新"] is None
    text = "永宁日报讯（记者 郝文博 通讯员 汪立新）近日，医疗队抵达。"
    by_name = {c.name: credit_outlet(text, c) for c in read_credits(text)}
    assert by_name["郝文博"] == ("永宁日报", "记者") and by_name["汪立新"] is None


def test_the_outlet_of_a_news_line_with_a_brand_and_a_dateline_place() -> None:
    """某某网·某某新闻济南2月20日讯（记者 …）: the outlet is the name before the middle dot, the app or brand and
    the dateline's place after it are no part of it (the brand alone was taken for the outlet, or none)."""
    from kg.read.credits import credit_outlet

    text = "永宁网·某某新闻东川2月20日讯（记者 郝文博 汪立新）20日下午，医疗队集合。"
    assert [credit_outlet(text, c) for c in read_credits(text)] == [("永宁网", "记者"), ("永宁网", "记者")]
    text = "永宁新闻网·东川客户端讯（记者 郝文博报道）退伍不褪色。"
    assert [credit_outlet(text, c) for c in read_credits(text)] == [("永宁新闻网", "记者")]
    # counter-examples: an outlet whose name holds 台, 网 or 报 early is not cut there (西台日报, not 西台); a
    # correspondent still writes from another unit
    for outlet in ("西台日报", "永宁网络电视台", "西台日报2月20日", "西台新闻网"):
        text = f"{outlet}讯（记者 郝文博）近日，医疗队出发。"
        assert [credit_outlet(text, c) for c in read_credits(text)] == [(outlet.split("2月")[0], "记者")]
    text = "永宁网·某某新闻东川2月20日讯（记者 郝文博 通讯员 汪立新）"
    assert [credit_outlet(text, c) for c in read_credits(text)] == [("永宁网", "记者"), None]


@pytest.mark.parametrize(("text", "expected"), [
    # an outlet opening a bracket before its reporters' names, or before its editor's title and name
    ("某市某区：社区里的下沉干部\n（某某新闻网 郝文博）最近一段时间，社区工作繁重。",
     [("reporter", "郝文博", ("某某新闻网", ""))]),
    ("（某某日报 郝文博 汪立新）近日，医疗队抵达。",
     [("reporter", "郝文博", ("某某日报", "")), ("reporter", "汪立新", ("某某日报", ""))]),
    ("展现了青年志愿精神。\n（某某在线编辑：郝文博）", [("editor", "郝文博", ("某某在线", "编辑"))]),
    ("疫情形势持续向好。\n（某某网责任编辑 郝文博）", [("editor", "郝文博", ("某某网", "责任编辑"))]),
])
def test_an_outlet_opening_a_bracket_heads_its_names(text: str, expected: list[tuple[str, str, tuple[str, str]]]
                                                     ) -> None:
    from kg.read.credits import credit_outlet

    assert [(c.role.value, c.name, credit_outlet(text, c)) for c in read_credits(text)] == expected


@pytest.mark.parametrize("text", [
    "（合作社 郝文博）帮忙搬运物资。",      # a unit that is no outlet (社 without a media word) before a name
    "（东坪村 郝文博）",                    # a place before a name
    "（某某网郝文博）",                     # an outlet glued to a name: nothing says where the name starts
    "（某某网 东坪村）",                    # an outlet before a place, no person's name
    "防疫工作有序开展。（某某新闻网 郝文博）",   # after a sentence, an outlet and a name are no byline
    "会议强调（县卫健局：要加强防控）。",         # a unit and what it said, no writer
    "工作有序开展。（东坪村：东坪社区）",         # a unit and a place, no writer
    "工作有序开展。（东坪村/文）",               # a place before 文, no writer
    "他说记者张三4月3日报道：这是转述。",         # a reporter named inside prose (not after a space or a line start)
])
def test_a_bracket_opened_by_no_outlet_credits_no_one(text: str) -> None:
    assert not read_credits(text)


@pytest.mark.parametrize("text", [
    "发布时间 记者 郝文博\n",          # a field label before the title is no name
    "东坪村 西岭村 记者 郝文博\n",     # places before the title are no names
    "党员干部 记者 郝文博\n",          # nor common words
])
def test_only_names_before_a_lines_title_are_credited(text: str) -> None:
    assert {c.name for c in read_credits(text)} == {"郝文博"}
