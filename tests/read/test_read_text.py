"""Segmentation, credits and metadata read from the text."""

from __future__ import annotations

from datetime import date

import pytest

from kg.read import normalize
from kg.read.credits import read_credits, read_dateline, read_page_date, read_site
from kg.read.segment import paragraphs, sentences
from kg.records import CreditRole

# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "与时间赛跑，与病毒较量。自本轮疫情发生以来，我区迅速谋划。",
            ["与时间赛跑，与病毒较量。", "自本轮疫情发生以来，我区迅速谋划。"],
        ),
        # a quotation closing on its own mark ends a sentence
        (
            "“请您排好队。”“大家保持一米线距离。”区港澳台办一级科员每天早早来到社区。",
            ["“请您排好队。”", "“大家保持一米线距离。”", "区港澳台办一级科员每天早早来到社区。"],
        ),
        # marks inside an open quotation do not split it
        (
            "“疫情不止，我们不退。作为一名基层党员，就应该坚守一线。”镇三级主任科员全身心投入。",
            ["“疫情不止，我们不退。作为一名基层党员，就应该坚守一线。”", "镇三级主任科员全身心投入。"],
        ),
        ("他说：“我们不退！”随后赶往卡口。", ["他说：“我们不退！”", "随后赶往卡口。"]),
        (
            "抢时间、拼速度！我区把临时党支部设在一线？是的。",
            ["抢时间、拼速度！", "我区把临时党支部设在一线？", "是的。"],
        ),
        (
            "值守、录入、流调……抵达白云村，便成立临时党支部",
            ["值守、录入、流调……抵达白云村，便成立临时党支部"],
        ),
        ("第一行没有句号\n第二行。", ["第一行没有句号", "第二行。"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in sentences(text)] == expected


def test_paragraphs_skip_blank_lines() -> None:
    text = "第一段。\n\n  第二段。 \n"
    assert [text[p.start : p.end] for p in paragraphs(text)] == ["第一段。", "第二段。"]


# --------------------------------------------------------------------------- credits


def _credits(text: str) -> list[tuple[str, str, str]]:
    out = []
    for c in read_credits(text):
        span = text[c.start : c.end]
        # the span is the name; a two-character name typeset with a space (王 海) keeps its space in the span
        assert span == c.name or (len(c.name) == 2 and span in (c.name[0] + sp + c.name[1] for sp in " \u3000"))
        out.append((c.name, c.role.value, c.title))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "在晋安和仓山的“疫”线，筑起坚强防线。\n（特约记者 余少林）",
            [("余少林", "special_correspondent", "特约记者")],
        ),
        ("王圣洁 摄", [("王圣洁", "photographer", "摄")]),
        ("王圣洁、柯抒琳摄", [("王圣洁", "photographer", "摄"), ("柯抒琳", "photographer", "摄")]),
        ("图为志愿者在卡口值守。张三/摄影", [("张三", "photographer", "摄影")]),
        ("责任编辑：陈丽", [("陈丽", "editor", "责任编辑")]),
        ("（责编：张舒、谢龙）", [("张舒", "editor", "责编"), ("谢龙", "editor", "责编")]),
        (
            "来源：湖北日报 记者柯利华、通讯员方俊、南吟",
            [
                ("柯利华", "reporter", "记者"),
                ("方俊", "correspondent", "通讯员"),
                ("南吟", "correspondent", "通讯员"),
            ],
        ),
        (
            "东江新闻网讯（记者 李明远 通讯员 周晓岚）4月16日以来，县委组织部选派干部。",
            [("李明远", "reporter", "记者"), ("周晓岚", "correspondent", "通讯员")],
        ),
        ("兰州日报社全媒体记者 华晓婧", [("华晓婧", "reporter", "兰州日报社全媒体记者")]),
        (
            "中国青年报客户端北京1月17日电（中青报·中青网记者 夏瑾）在发布会上",
            [("夏瑾", "reporter", "中青报·中青网记者")],
        ),
        ("来源：中国网 时间：2022-07-27 18:25:51编辑：徐扬", [("徐扬", "editor", "编辑")]),
        ("陈红 文/图", [("陈红", "author", "文/图"), ("陈红", "photographer", "文/图")]),
        (
            "（文、编/周圆 图/王丽君 冯锦山 审/谭秋浩）",
            [
                ("周圆", "author", "文"),
                ("周圆", "editor", "编"),
                ("王丽君", "photographer", "图"),
                ("冯锦山", "photographer", "图"),
                ("谭秋浩", "editor", "审"),
            ],
        ),
        ("本报记者 王五 报道", [("王五", "reporter", "本报记者")]),
        (
            "张斌 四川在线记者 肖莹佩 罗之飏 程文雯 文/图",
            [   # (文/图 closing the byline: everyone named took the photographs too; the untitled name opening
                # the credit's line is a contributor, as in a bracket)
                ("张斌", "photographer", ""),
                ("张斌", "reporter", ""),
                ("肖莹佩", "photographer", "四川在线记者"),
                ("肖莹佩", "reporter", "四川在线记者"),
                ("罗之飏", "photographer", "四川在线记者"),
                ("罗之飏", "reporter", "四川在线记者"),
                ("程文雯", "photographer", "四川在线记者"),
                ("程文雯", "reporter", "四川在线记者"),
            ],
        ),
        (
            "本报讯 记者张三 通讯员李四报道：近日，县委组织部选派干部下沉社区。",
            [("张三", "reporter", "记者"), ("李四", "correspondent", "通讯员")],
        ),
        # a two-character name typeset with a space between its characters (郑 宇), after a bullet
        (
            "□记者 张建华 李红梅 特约通讯员 王 海\n正文",
            [("张建华", "reporter", "记者"), ("李红梅", "reporter", "记者"), ("王海", "correspondent", "特约通讯员")],
        ),
        ("（记者 王　海 李红梅）正文", [("王海", "reporter", "记者"), ("李红梅", "reporter", "记者")]),
        # ... but a credit's mark after a one-character item is no second character of a name
        ("（记者 王 摄）正文", []),
        # running prose mentioning reporters or photos is not a credit
        ("记者从4月11日举行的新闻发布会上获悉，各区划定了名单。", []),
        ("志愿者参考网络视频，连夜用纸箱做“扫码神器”。", []),
        ("文岭镇三级主任科员全身心投入到疫情防控中。", []),
    ],
)
def test_credits(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _credits(text) == expected


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("长乐新闻网讯 大战见本色，大考显担当。", "长乐新闻网"),
        ("东江新闻网讯（记者 李明远）4月16日以来", "东江新闻网"),
        ("本报讯（记者 张三）近日", None),
        ("正文。\n来源：兰州晚报", "兰州晚报"),
        ("新华社北京3月5日电（记者 张三）正文", "新华社"),
        # the paper's masthead on its own line with the page's date (and time, and a word of chrome)
        ("某镇干部值守卡口\n\n鹤壁日报 2020-02-07 10:57\n\n□记者 张三 李四\n正文", "鹤壁日报"),
        ("鹤壁晚报 2022-03-16 大字\n正文", "鹤壁晚报"),
        ("淇河客户端 2022年08月23日\n正文", "淇河客户端"),
        # a headline ending with a date is no masthead; nor a date in running text
        ("党员干部下沉社区 2022-02-11\n正文", None),
        ("正文：2月7日，鹤壁日报记者来到卡口。", None),
    ],
)
def test_site(text: str, site: str | None) -> None:
    assert read_site(text) == site


def test_dateline() -> None:
    d = read_dateline("中新社福州11月12日电 正文")
    assert (d["agency"], d["place"], d["month"], d["day"]) == ("中新社", "福州", 11, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("标题\n2021-11-06 09:01:28 智能朗读：\n正文。", date(2021, 11, 6)),
        ("标题\n2022年03月28日16:12 | 来源：人民网\n正文。", date(2022, 3, 28)),
        ("发布时间：2022/4/13\n正文。", date(2022, 4, 13)),
        ("正文只有月日：3月5日，干部下沉社区。", None),
    ],
)
def test_page_date(text: str, expected: date | None) -> None:
    assert read_page_date(text) == expected


def test_page_time_kept_as_metadata(res) -> None:
    a = normalize("标题\n2022年03月28日16:12 | 来源：人民网\n正文第一段。", source="t", resources=res)
    assert a.published == date(2022, 3, 28)
    assert a.metadata["published_time"] == "16:12"


def test_traditional_text_is_aligned_with_simplified(data_dir, res) -> None:
    """Extractors take a label's Traditional form as text_traditional[start:end]."""
    from kg.read import read_file

    for path in [
        data_dir / "gold" / "changle-2022-cadres.txt",
        data_dir / "formats" / "lanzhou-2021-cadres.gbk.txt",
    ]:
        [a] = read_file(path, resources=res)
        assert a.text_traditional is not None and len(a.text_traditional) == len(a.text)
        i = a.text.index("社区")
        assert a.text_traditional[i : i + 2] == "社區"


def test_credit_spans_point_into_normalised_traditional_text(res) -> None:
    raw = "區港澳臺辦干部下沉社區。\n王圣潔、柯抒琳攝\n(特約記者 余少林)"
    a = normalize(raw, source="t", resources=res)
    got = {(c.name, c.role) for c in a.credits}
    assert got == {
        ("王圣洁", CreditRole.PHOTOGRAPHER),
        ("柯抒琳", CreditRole.PHOTOGRAPHER),
        ("余少林", CreditRole.SPECIAL_CORRESPONDENT),
    }
    for c in a.credits:
        s, e = a.offsets.to_original(c.start, c.end)
        assert a.text[c.start : c.end] == c.name
        assert len(raw[s:e]) == len(c.name)  # the name's characters in the original (Traditional) text
