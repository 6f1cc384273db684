"""Tables of real damage, one test per kind of repair."""

from __future__ import annotations

import re

import pytest
from read_damage import gbk_shift

from kg.read import normalize
from kg.read.edits import Tracked
from kg.read.repair import (
    fix_punctuation,
    remove_chrome,
    remove_pinyin_glosses,
    repair_gbk_shift,
)

# --------------------------------------------------------------------------- pinyin glosses

GLOSSES = [
    # (damaged, repaired) — from the dev article and the Lanzhou / Tibet-mirror copies
    ("長樂新聞網(wǎng)訊", "長樂新聞網訊"),
    ("我區(qū)廣大黨員", "我區廣大黨員"),
    ("各鄉(xiāng)鎮(zhèn)(街道)村居", "各鄉鎮(街道)村居"),
    ("金強(qiáng)(福建)建材科技", "金強(福建)建材科技"),
    ("(特約記者 余少林)", "(特約記者 余少林)"),
    ("小區(qū)內(nèi),一名孩子", "小區內,一名孩子"),
    ("國務(wù)院聯(lián)防聯(lián)控", "國務院聯防聯控"),
    ("業(yè)務(wù)卡片(掌中寶)", "業務卡片(掌中寶)"),
    # full-width parentheses and several syllables in one gloss
    ("乡镇（xiāng zhèn）干部", "乡镇干部"),
    ("网（wǎng）格员", "网格员"),
    ("社区(shèqū)工作者", "社区工作者"),
    # a gloss after the stray byte of a mojibake run (``^`` is the trail byte of 區)
    ("鐓^(qū)書記", "鐓^書記"),
    # real parentheses that only look Latin stay: no tone mark, or not pinyin
    ("采用(PCR)检测", "采用(PCR)检测"),
    ("新冠(COVID-19)疫苗", "新冠(COVID-19)疫苗"),
    ("编号(an)不变", "编号(an)不变"),
    ("咖啡馆(café)开业", "咖啡馆(café)开业"),
    ("“2+6”(白天2小時、夜間6小時)", "“2+6”(白天2小時、夜間6小時)"),
]


@pytest.mark.parametrize(("damaged", "repaired"), GLOSSES)
def test_pinyin_gloss_removal(damaged: str, repaired: str, res) -> None:
    t = Tracked(damaged)
    remove_pinyin_glosses(t, res)
    assert t.text == repaired


def test_broken_gloss_marks_a_lost_character(res) -> None:
    t = Tracked("當?shù)弥鐓^(qū)書記")
    flags = remove_pinyin_glosses(t, res)
    assert t.text == "當?弥鐓^書記"
    assert {f.kind for f in flags} == {"broken-gloss-removed", "pinyin-gloss-removed"}


# --------------------------------------------------------------------------- punctuation

PUNCTUATION = [
    ("大戰見本色,,大考顯擔當。", "大戰見本色，大考顯擔當。"),
    ("逆行之路,。", "逆行之路。"),
    ("迅速謀劃,、快速部署,,做嚴做實", "迅速謀劃、快速部署，做嚴做實"),
    ("奮勇戰“疫”;晉安,、倉山", "奮勇戰“疫”；晉安、倉山"),
    ("平急轉換,;依托", "平急轉換；依托"),
    ("搶時間、拼速度,!我區", "搶時間、拼速度！我區"),
    ("真的吗?,我不信", "真的吗？我不信"),
    ("他说:好", "他说：好"),
    ("鄉鎮(街道)村居", "鄉鎮（街道）村居"),
    ("來源: 新華網", "來源： 新華網"),
    ("全面提速增效……", "全面提速增效……"),
    # Latin and numbers keep ASCII punctuation
    ("时间为10:30,共1,000人", "时间为10:30，共1,000人"),
    ("Hello, world! OK?", "Hello, world! OK?"),
    ("“2+6”", "“2+6”"),
    ("城门镇.", "城门镇。"),
    ("www.example.cn", "www.example.cn"),
    ('"战疫百事通"是由小组共同制作的网站', "“战疫百事通”是由小组共同制作的网站"),
    ('他说"好"', "他说“好”"),
    ('print("hello")', 'print("hello")'),
]


@pytest.mark.parametrize(("damaged", "repaired"), PUNCTUATION)
def test_punctuation(damaged: str, repaired: str) -> None:
    t = Tracked(damaged)
    fix_punctuation(t)
    assert t.text == repaired


# --------------------------------------------------------------------------- GBK one-byte shift

MOJIBAKE = [
    # the two runs of the dev article, with their context
    ("應該堅守一線?!蔽膸X鎮三級主任科員", "應該堅守一線。”文嶺鎮三級主任科員"),
    ("“請您排好隊?!薄按蠹冶3忠幻拙€距離,。”", "“請您排好隊。”“大家保持一米線距離,。”"),
]


@pytest.mark.parametrize(("damaged", "repaired"), MOJIBAKE)
def test_gbk_shift_real_runs(damaged: str, repaired: str, res) -> None:
    t = Tracked(damaged)
    flags = repair_gbk_shift(t, res)
    assert t.text == repaired
    assert [f.kind for f in flags] == ["mojibake-repaired"]


# real sentences (the Big5 Qionglai copy, Traditional) damaged with the same byte mechanics at the mark
SHIFTED = [
    ("除了做好川西竹海、邛州園、平沙落雁酒店等各點位防疫排查工作,還積極組織志願", 8),
    ("護人員提前做好檢查健康碼、行程碼等,以便高效、迅速地完成核酸檢測工作。由於", 12),
    ("康碼、行程碼等,以便高效、迅速地完成核酸檢測工作。由於小區沒有電梯,為了給", 12),
    ("全域開始開展全員核酸檢測。通過“雙報到”工作機制,邛州公司黨支部在做好景區", 12),
    ("始開展全員核酸檢測。通過“雙報到”工作機制,邛州公司黨支部在做好景區疫情防", 12),
    ("員核酸檢測。通過“雙報到”工作機制,邛州公司黨支部在做好景區疫情防控工作、", 12),
    ("部在做好景區疫情防控工作、遊客安撫、輿情管控等工作的同時,還積極主動協助邛", 12),
]


@pytest.mark.parametrize(("original", "at"), SHIFTED)
def test_gbk_shift_generated_from_real_text(original: str, at: int, res) -> None:
    damaged = gbk_shift(original, at)
    assert damaged != original and damaged[at] == "?"
    t = Tracked(damaged)
    repair_gbk_shift(t, res)
    assert t.text == original


NOT_MOJIBAKE = [
    "你好吗?我很好。",  # a real question mark in Chinese text
    "What? 他说。",
    "共计100?名",
    "编号为A?B的车辆",
]


@pytest.mark.parametrize("text", NOT_MOJIBAKE)
def test_gbk_shift_leaves_ordinary_text(text: str, res) -> None:
    t = Tracked(text)
    assert repair_gbk_shift(t, res) == []
    assert t.text == text


def test_gloss_names_the_lost_character(res) -> None:
    # 沉 = b3 c1, 晉 = 95 78: read one byte off, (c1 95) is 習, which a glosser marked (xí) before it
    # was lost; the gloss fixes the missing lead byte, the stray 'x' (0x78) is the trail of 晉
    t = Tracked("抽調作風優良的志願者下沉?xí)x安區的54個社區")
    flags = remove_pinyin_glosses(t, res)
    assert t.text == "抽調作風優良的志願者下沉晉安區的54個社區"
    assert [f.kind for f in flags] == ["mojibake-repaired"]


def test_unrepairable_run_is_flagged_not_guessed(res) -> None:
    # the Lanzhou run lost a whole character (its gloss survived): no byte arithmetic can restore it
    a = normalize("在接到通知後。當?shù)弥鐓^(qū)書記要去街道領取檢測物資時", source="t", resources=res)
    assert "mojibake-unrepaired" in {f.kind for f in a.flags}
    assert "书记要去街道" in a.text


# --------------------------------------------------------------------------- chrome and spam

CHROME_LINES = [
    ("首頁| 蘭州| 新聞| 政務| 房產| 旅游| 汽車| 教育| 財經| 健康", "chrome-nav"),
    ("首页 时政 本地 政务 视频 专题 民生", "chrome-nav"),
    ("您的位置：网站首页 > 新闻中心>兰州新闻> 正文", "chrome-breadcrumb"),
    ("当前位置：首页 > 本地新闻 > 正文", "chrome-breadcrumb"),
    ("人民网>>吉林频道", "chrome-breadcrumb"),
    ("中国西藏网 > 即时新闻 > 文化", "chrome-breadcrumb"),
    ("版权所有：东江县融媒体中心 未经授权禁止转载", "chrome-footer"),
    ("Copyright © 2022 example.cn All Rights Reserved", "chrome-footer"),
    ("备案号：X ICP备00000000号-1", "chrome-footer"),
    (
        "版权声明：凡注明“来源：中国西藏网”的所有作品，版权归高原文化传播有限公司。任何媒体转载、摘编、引用，须注明来源，否则将追究相关法律责任。",
        "chrome-footer",
    ),
    ("特别声明：以上内容为自媒体平台用户上传并发布，本平台仅提供信息存储服务。", "chrome-footer"),
    ("违法和不良信息举报电话：0000-1234567", "chrome-hotline"),
    ("关闭", "chrome-tools"),
    ("小字号", "chrome-tools"),
    ("分享让更多人看到", "chrome-tools"),
    ("上一篇：我县召开疫情防控工作推进会", "chrome-tools"),
    ("https://img.cjyun.org.cn/a/10210/202002/a40c7634.jpeg", "chrome-link"),
    ("国内精品久久人妻无码免费，婷婷五月天久久中文，亚欧无码vs在线观看", "spam-removed"),
    ("欧美老妇性午夜小视频_国产97最新在线视频_亚洲精品免费Ww久久_日韩三级在线成人网站", "spam-removed"),
    ("澳门威尼斯人娱乐城 百家乐 真人荷官 注册送彩金", "spam-removed"),
]


@pytest.mark.parametrize(("line", "kind"), CHROME_LINES)
def test_chrome_lines_removed(line: str, kind: str, res) -> None:
    body = "区委组织部选派干部下沉社区，协助开展核酸检测。"
    t = Tracked(f"{body}\n{line}\n{body}")
    flags = remove_chrome(t, res)
    assert t.text == f"{body}\n{body}"
    assert [f.kind for f in flags] == [kind]


BODY_LINES = [
    "志愿者杨佳参考网络视频，连夜用纸箱做“扫码神器”，解决了扫码反光的问题，获得小区居民的肯定……",
    "用好“五字经” 强化“无疫社区”创建",
    "王圣洁、柯抒琳摄",
    "责任编辑：陈丽",
    "来源：兰州晚报",
    "（特约记者 余少林）",
    "左起：张建国 李卫东 王海涛 陈丽华",
    "各地开展彩票销售点疫情防控检查，督促落实扫码测温。",
]


@pytest.mark.parametrize("line", BODY_LINES)
def test_body_lines_kept(line: str, res) -> None:
    t = Tracked(line)
    assert remove_chrome(t, res) == []
    assert t.text == line


def test_related_news_list_removed(res) -> None:
    text = (
        "干部们坚守在核酸检测点位上。\n相关新闻\n我县召开疫情防控工作推进会 2022-04-17\n"
        "城关镇开展全员核酸检测 2022-04-16\n· 志愿者坚守卡口 守护群众平安"
    )
    t = Tracked(text)
    flags = remove_chrome(t, res)
    assert t.text == "干部们坚守在核酸检测点位上。\n"
    assert {f.kind for f in flags} == {"chrome-related"}


def test_glued_site_slogan_removed(res) -> None:
    paras = [
        "4月16日以来，县委组织部选派120名党员干部下沉社区。",
        "干部们协助开展核酸检测、卡口值守、物资配送等工作。",
        "各工作组还成立临时党支部，每日召开碰头会。",
        "下一步将继续做好常态化疫情防控工作。",
    ]
    glued = "\n".join(p + " 东江新闻网 权威发布 服务民生" for p in paras)
    t = Tracked(glued)
    flags = remove_chrome(t, res)
    assert t.text == "\n".join(paras)
    assert [f.kind for f in flags] == ["chrome-glued-slogan"]


# --------------------------------------------------------------------------- Traditional -> Simplified


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("隨著疫情防控扎實有序推進", "随着疫情防控扎实有序推进"),
        ("區港澳臺辦一級科員", "区港澳台办一级科员"),
        ("長樂新聞網訊 大戰見本色", "长乐新闻网讯 大战见本色"),
        ("組團式對口支援 成都邛崍築牢疫情防控", "组团式对口支援 成都邛崃筑牢疫情防控"),
        # variant forms OpenCC leaves as they are (variants.tsv): read as their standard form first
        ("陜西省援吉核酸採樣及檢測隊", "陕西省援吉核酸采样及检测队"),
        ("省衞生健康委員會 中毉院", "省卫生健康委员会 中医院"),
        ("景寧畬族自治縣", "景宁畲族自治县"),     # the Taiwan standard 畬, written 畲 on the mainland
    ],
)
def test_traditional_to_simplified_keeps_both(traditional: str, simplified: str, res) -> None:
    a = normalize(traditional, source="t", resources=res)
    assert a.text == simplified
    assert a.text_traditional == traditional
    assert a.is_traditional


def test_every_variant_is_one_character_opencc_leaves_and_is_read_as_another(res) -> None:
    assert res.variants
    for variant, standard in res.variants.items():
        assert res.t2s.convert(chr(variant)) == chr(variant)      # OpenCC alone leaves it
        assert res.t2s.convert(standard) != chr(variant)          # it is read as another character


def test_a_malformed_variant_line_is_a_config_error(tmp_path, project_root) -> None:
    import shutil

    from kg.errors import ConfigError
    from kg.read.resources import build_resources

    for f in (project_root / "data" / "lexicons").iterdir():
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "variants.tsv").write_text("陜西\t陝西\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="one character for one"):
        build_resources(tmp_path)


def test_simplified_text_is_not_reconverted(res) -> None:
    # tw2s would turn 显著 into 显着 if run on Simplified text
    a = normalize("该措施效果显著，群众满意度明显提高。", source="t", resources=res)
    assert a.text == "该措施效果显著，群众满意度明显提高。"
    assert a.text_traditional is None


def test_no_gloss_or_doubled_punctuation_survives_in_samples(project_root, res) -> None:
    for path in sorted((project_root / "data" / "samples").glob("*.txt")):
        a = normalize(path.read_text(encoding="utf-8"), source=str(path), resources=res)
        assert not re.search(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+[)）]", a.text), path
        assert not re.search(r"[,，][,，、。；;！!]|[?？][,，]", a.text), path


@pytest.mark.parametrize(
    "damaged",
    [
        # UTF-8 bytes read as GBK (another common scraping accident): not repaired, but flagged
        "县委" + "组织部选派干部下沉社区".encode().decode("gbk", errors="replace") + "。",
        "疫情防控一线€距離",
        "抵达后立即开展工作\ufffd\ufffd，迅速进入状态。",
    ],
)
def test_other_mojibake_is_flagged(damaged: str, res) -> None:
    a = normalize(damaged, source="t", resources=res)
    kinds = {f.kind for f in a.flags}
    assert kinds & {"mojibake-unrepaired", "mojibake-suspected"}
    for f in a.flags:
        if f.kind.startswith("mojibake"):
            assert 0 <= f.start < f.end <= len(damaged)


UTF8_AS_GBK = [
    # (original, codec the scraper wrongly used, phrases that must come back)
    (
        "县委组织部选派120名党员干部，分成12个工作组下沉到城关镇、河西街道的24个社区。",
        "gb18030",
        ["党员干部，分成12个工作组下沉到城关镇、河西街道的24个社区"],
    ),
    (
        "10月21日，在维也纳国际酒店，市委政法委、天门日报社党员干部协助陆羽社区工作人员摸排管控区域人员基本信息。",
        "gbk",
        ["在维也纳国际酒店", "天门日报社党员干部协助陆羽社区工作人员"],
    ),
    (
        "“社区需要什么，我们就干什么。”县发展和改革局干部王海涛在河西街道滨江社区负责核酸采样点的秩序维护。",
        "gbk",
        ["县发展和改革局干部王海涛在河西街道滨江社区"],
    ),
]


@pytest.mark.parametrize(("original", "codec", "phrases"), UTF8_AS_GBK)
def test_utf8_read_as_gbk_is_decoded_again(original: str, codec: str, phrases: list[str], res) -> None:
    damaged = original.encode("utf-8").decode(codec, errors="replace")
    a = normalize(damaged, source="t", resources=res)
    for phrase in phrases:
        assert phrase in a.text
    kinds = [f.kind for f in a.flags]
    assert "mojibake-repaired" in kinds
    # a character whose lost byte could not be told is a marked gap, never a guess
    assert a.text.count("\ufffd") == kinds.count("mojibake-unrepaired")


def test_ordinary_text_with_rare_characters_is_not_redecoded(res) -> None:
    text = "滦平县虢镇街道的璩氏宗祠里，鄱阳籍干部蔺晓燕、亓官颖带领志愿者开展消杀。"
    a = normalize(text, source="t", resources=res)
    assert a.text == text


def test_a_tool_bar_carrying_the_byline_is_kept_and_one_with_an_editor_only_is_removed() -> None:
    """A metadata or tool bar is chrome, but when it names the article's author (撰稿：周芬) the line is the
    byline: kept, and its credit read; a bar naming only the page's editor is still removed."""
    from kg.read import normalize

    text = "社区志愿者为老人读报。\n2021-09-07 来源:网络收录 撰稿:周芬 浏览次数: 我来说两句\n"
    a = normalize(text, source="t")
    assert [(c.name, c.role.value) for c in a.credits] == [("周芬", "author")]
    assert "撰稿：周芬" in a.text   # (punctuation made full-width by the repair)
    b = normalize("社区志愿者为老人读报。\n来源:新华网 时间:2021-12-20 22:08:35 编辑:唐港 作者: 版权声明\n", source="t")
    assert "版权声明" not in b.text and b.credits == ()
