"""Credits and metadata written in the text: bylines, photo and editor credits, site, datelines, dates.

Works on the normalised Simplified text, so spans point into ``Article.text``.
Only anchored forms are read (a bracketed byline, a ``…讯``/``…报道`` lead, a line
that is a credit, a photo credit ending a line), never ``记者`` in running prose.
Names glued to titles and to each other (``记者张三通讯员李四王五``) are split with
the surname list (``data/lexicons/surnames.txt``): a given name is one or two characters.
Titles are also matched in Traditional script (``通訊員``, ``攝``) for credits inside a
text that as a whole stayed Simplified; names are then given in Simplified when a
``simplify`` function is passed.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from kg.read.resources import LEXICON_DIR, load_word_list
from kg.records import Credit, CreditRole

# 丨 (U+4E28, a CJK ideograph) is left out: pages set it between a title and the names (记者丨张三)
_HAN = "\u4e00-\u4e27\u4e29-\u9fff\u3400-\u4dbf"
# a personal name: 2-4 Han characters, or a transliterated name with a middle dot
NAME = rf"[{_HAN}]{{2,4}}?(?:[·•][{_HAN}]{{2,6}}?)?"

# Traditional forms of the characters of titles and site words (記者, 通訊員, 攝影, 編輯, 報, 網 ...)
_TRAD = dict(
    zip(
        "记讯员约摄图责编辑审对报台体见实习网闻视电线户导传频师来源间时稿发布策划统筹监制复终签总录设计",
        "記訊員約攝圖責編輯審對報臺體見實習網聞視電線戶導傳頻師來源間時稿發佈策劃統籌監製複終簽總錄設計",
        strict=True,
    )
)
_TO_SIMP = str.maketrans({t: s for s, t in _TRAD.items() if s != t})


def _tw(word: str) -> str:
    """A regex matching ``word`` in Simplified or Traditional script (记者 -> [记記]者)."""
    return "".join(f"[{c}{_TRAD[c]}]" if _TRAD.get(c, c) != c else re.escape(c) for c in word)


def _alts(words: str) -> str:
    return "|".join(_tw(w) for w in words.split())


# title as written -> role; longest first so 特约记者 wins over 记者
_TITLES: list[tuple[str, CreditRole]] = [
    ("特约记者", CreditRole.SPECIAL_CORRESPONDENT),
    ("特约撰稿", CreditRole.SPECIAL_CORRESPONDENT),
    ("特约通讯员", CreditRole.CORRESPONDENT),
    ("通讯员", CreditRole.CORRESPONDENT),
    ("通信员", CreditRole.CORRESPONDENT),          # a common misprint of 通讯员
    ("摄影记者", CreditRole.PHOTOGRAPHER),
    ("摄影师", CreditRole.PHOTOGRAPHER),
    ("摄影", CreditRole.PHOTOGRAPHER),
    ("摄像", CreditRole.PHOTOGRAPHER),
    ("图片", CreditRole.PHOTOGRAPHER),
    ("供图", CreditRole.PHOTOGRAPHER),
    ("责任编辑", CreditRole.EDITOR),
    ("值班编辑", CreditRole.EDITOR),
    ("编辑", CreditRole.EDITOR),
    ("责编", CreditRole.EDITOR),
    ("主编", CreditRole.EDITOR),
    ("审核", CreditRole.EDITOR),
    ("审校", CreditRole.EDITOR),
    ("校对", CreditRole.EDITOR),
    ("编审", CreditRole.EDITOR),
    # the review chain of government and county sites: 一审：张三 二审：李四 三审：王五 / 签发
    ("初审编辑", CreditRole.EDITOR),
    ("初审", CreditRole.EDITOR),
    ("复审", CreditRole.EDITOR),
    ("终审", CreditRole.EDITOR),
    ("一审", CreditRole.EDITOR),
    ("二审", CreditRole.EDITOR),
    ("三审", CreditRole.EDITOR),
    ("审稿人", CreditRole.EDITOR),
    ("审稿", CreditRole.EDITOR),
    ("校审", CreditRole.EDITOR),
    ("监审", CreditRole.EDITOR),
    ("核稿", CreditRole.EDITOR),
    ("签发", CreditRole.EDITOR),
    ("策划", CreditRole.EDITOR),
    ("统筹", CreditRole.EDITOR),
    ("总监制", CreditRole.EDITOR),
    ("监制", CreditRole.EDITOR),
    ("视频编辑", CreditRole.EDITOR),
    ("制片人", CreditRole.EDITOR),
    ("编导", CreditRole.EDITOR),
    ("剪辑", CreditRole.EDITOR),
    ("录入", CreditRole.EDITOR),
    ("设计", CreditRole.EDITOR),
    ("作者", CreditRole.AUTHOR),
    ("撰稿人", CreditRole.AUTHOR),
    ("实习生", CreditRole.AUTHOR),
    ("撰稿", CreditRole.AUTHOR),
    ("文字", CreditRole.AUTHOR),
    # one-character titles, only before a slash, colon or enumeration comma: 文/张三 图：李四 文、编/王五
    ("文", CreditRole.AUTHOR),
    ("图", CreditRole.PHOTOGRAPHER),
    ("摄", CreditRole.PHOTOGRAPHER),
    ("编", CreditRole.EDITOR),
    ("审", CreditRole.EDITOR),
]
_ROLE = dict(_TITLES)
_SEPS = r"/／:：、|｜丨，,;；"
_THIS = _alts("本报 本台 本网 本刊")
_SHORT_PREFIX = _alts("本报 本台 本网 本刊 新华社 中新社 总台央视 总台 央视")
_BRANDS = ("央视",)   # a network's brand written between its name and 记者
_MODIFIER = _alts("全媒体 全媒 融媒体 融媒 首席 见习 实习 摄影 摄像 文字 特派")   # (湖北日报全媒记者)
# a paper, station or site before 记者: 浙江日报记者, 大河网记者, 澎湃新闻记者, 中青报·中青网记者
# (never across 本报: 杨树山本报记者潘宏宇 is a caption's subject, then the byline)
_ONE_ORG = (
    rf"(?:(?!{_THIS})[{_HAN}·]){{1,12}}?"
    rf"(?:{_alts('日报社 报社 日报 晚报 报 广播电视台 电视台 台 融媒体中心 新闻中心 新闻网 新闻 网')}"
    rf"|{_alts('通讯社 社 客户端 在线 传媒 频道 报业集团 报业 传媒集团 集团 广电 融媒')})"
)
# two outlets of one newsroom joined by 、 or / (某某客户端、某某新闻网记者), or a paper and its brand
# (某某报·某某上海记者: the brand need not end like an outlet)
_ORG = (rf"(?:{_ONE_ORG}[、/／])?{_ONE_ORG}"
        rf"(?:·[{_HAN}]{{2,8}}?(?=(?:{_MODIFIER})?(?:{_alts('特约记者 记者 采访人员')})))?")
# 采访人员: what some sites and their mirrors print instead of 记者 (总台央视采访人员张三)
_REPORTER_CORE = _alts("特约记者 记者 采访人员")
_OUTLET_ONLY = re.compile(_ONE_ORG)
# (an outlet may carry its brand before the title: 中央广播电视总台|央视|记者)
_HEAD_PREFIX = rf"(?:{_SHORT_PREFIX}|驻[{_HAN}]{{1,6}}|{_ORG}(?:{_SHORT_PREFIX})?)?(?:{_MODIFIER})?"
_REPORTER = rf"{_HEAD_PREFIX}(?:{_REPORTER_CORE})"
_MULTI = "|".join(_tw(t) for t, _ in _TITLES if len(t) > 1 and t != "特约记者")
_SINGLE = "|".join(_tw(t) for t, _ in _TITLES if len(t) == 1)
_ONE_CHAR_TITLES = frozenset(ch for t, _ in _TITLES if len(t) == 1 for ch in (t, _TRAD.get(t, t)))
# a one-character title before a slash, colon or comma, or before the one name closing a bracket: （文 许丹）
_ONE_CHAR = rf"(?:{_SINGLE})(?=\s*[/／:：、|｜丨]|\s+[{_HAN}]{{2,4}}\s*(?:[）)]|$))"
# 实习编辑, 摄影编辑, 首席编辑
_MULTI_MOD = rf"(?:{_MODIFIER})?(?:{_MULTI})"
TITLE = rf"(?:{_REPORTER}|{_MULTI_MOD}|{_ONE_CHAR})"
# a title at the start of a run of Han characters (may carry a paper's name) ...
_HEAD_TITLE = re.compile(TITLE)
# ... and inside one, glued to a name before it: 张三通讯员李四, 张三本报记者李四, 张三责编：李四
_INNER_TITLE = re.compile(rf"(?:{_SHORT_PREFIX})?(?:{_MODIFIER})?(?:{_REPORTER_CORE})|{_MULTI_MOD}")

# a credit chunk in brackets: (特约记者 王小林) / （记者 张三 通讯员 李四） / （文、编/周圆 图/王丽君）
# / （张三 通讯员 李四王五）, （张三 李四 记者 王五）: up to three untitled names before a titled one
_BRACKET = re.compile(
    rf"[（(【\[]\s*((?:{TITLE}|(?:[{_HAN}·•]{{2,8}}[\s、，,]+){{1,3}}(?:{TITLE}))[^（）()【】\[\]\n。！？]{{0,80}}?)\s*[）)】\]]"
)
# a title in a short metadata line: 编辑：张三 / 来源：湖北日报 记者柯利华、通讯员方俊 / …18:25:51编辑：徐扬
# / 来源：某某网编辑：张三 (a title with a colon may be glued to anything)
_LINE_TITLE = re.compile(
    rf"(?:(?:^|(?<=[\s\d|｜丨□■●◆▲★▶A-Za-z]))(?:{TITLE})(?=\s*[:：/／|｜丨]|\s*[{_HAN}])|(?:{TITLE})(?=\s*[:：])"
    rf"|(?:{_SHORT_PREFIX})(?:{_MODIFIER})?(?:{_REPORTER_CORE})(?=\s*[{_HAN}]))",
    re.MULTILINE,
)
_SHORT_LINE = re.compile(r"^[^。！？\n]{2,100}$", re.MULTILINE)
# a page's metadata fields run into the text on one line, up to the first date and time stamp: 文章来源：某某融媒体中心
# 作者：张三 李四 时间：2022-10-14 13:30:21“各位乡亲，…… (the head before the stamp is read as a short line)
_STAMP = r"(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}[ \t]+\d{1,2}:\d\d(?::\d\d)?"
_STAMPED_HEAD = re.compile(rf"^[^。！？\n]{{2,100}}?{_STAMP}", re.MULTILINE)
# a byline opening a line or following the site tag, closed by 报道:
# 本报讯 记者张三 通讯员李四报道 / 浙江在线记者张三3月5日报道 / 某某网记者 张三 报道
_LEAD = re.compile(
    rf"(?:^|{_tw('讯')})[ \t]*(?:[:：][ \t]*)?((?:{TITLE})[^。！？（）()\n]{{1,60}}?)\s*{_tw('报')}[道导導]",
    re.MULTILINE,
)
# untitled names opening a credit's line before its first title: one to three names and the spaces after them
_LINE_NAMES = re.compile(rf"(?:[{_HAN}]{{2,4}}[ \t\u3000]+){{1,3}}")     # (the line's leading spaces cut first)
# a dated lead anywhere on a long line (a page's header run into the text): 某某网记者张三、李四4月3日报道：
_DATED_LEAD = re.compile(
    rf"(?:^|(?<=[\s|｜]))((?:{_REPORTER})[^。！？（）()\n\d]{{1,40}}?)[ \t]*\d{{1,2}}月\d{{1,2}}日"
    rf"{_tw('报')}[道导導][ \t]*[:：]", re.MULTILINE)
# 本报讯 记者张三 通讯员李四 近日，…: after the site tag, up to the lead's first comma
_AFTER_XUN = re.compile(rf"{_tw('讯')}[ \t]*(?:[:：][ \t]*)?((?:{TITLE})[^。！？（）()\n，,]{{1,60}})")
# photo credit ending a line: 李晓明 摄 / 李晓明、周丽摄 / 张三/摄影 / 陈红 文/图
# at most eight names: a longer list is no photo credit, and an unbounded one costs quadratic time
_NAMES = rf"{NAME}(?:\s*[、，,/／]\s*{NAME}|\s+{NAME}){{0,7}}"
_PHOTO_MARK = (
    rf"{_tw('摄影')}|{_tw('摄')}|文[/／]{_tw('图')}|{_tw('图')}[/／]文|文{_tw('图')}|{_tw('图')}文|供{_tw('图')}"
)
_PHOTO = re.compile(
    # (an optional mark between two runs of spaces is written as one run then the mark and its own run:
    # ``\s*[/／]?\s*`` backtracks quadratically over a long run of spaces after a name)
    rf"(?:^|(?<=[。！？\s（(]))({_NAMES})\s*(?:[/／]\s*)?({_PHOTO_MARK})\s*(?:[）)]\s*)?$",
    re.MULTILINE,
)
# untitled names in brackets right after the site tag or dateline (某某网讯（张三 李四）, 某社某地3月5日电
# （张三）, 某某频道消息（张三）, 某某频道报道（张三）), or in brackets alone on their line: the reporters
_TAGGED_BRACKET = re.compile(
    rf"(?:{_tw('讯')}|[电電]|消息|{_tw('报')}[道導])[ \t]*[（(][ \t]*([{_HAN}][{_HAN} \t、，,]{{1,40}}?)[ \t]*[）)]")
# untitled names in brackets closing a paragraph, after its last sentence: ……高高飘扬。（张三 李四）
_TAIL_BRACKET = re.compile(
    rf"[。！？!?”][ \t\u3000]*[（(][ \t]*([{_HAN}][{_HAN} \t、，,]{{1,40}}?)[ \t]*[）)][ \t\u3000|｜]*$", re.MULTILINE)
_LONE_BRACKET = re.compile(rf"^[ \t]*[（(][ \t]*([{_HAN}][{_HAN} \t、，,]{{1,40}}?)[ \t]*[）)][ \t]*$", re.MULTILINE)
_NAME_SEPS = re.compile(r"[ \t、，,]+")
# an outlet opening a bracket, its reporters or its editor after it: （某某新闻网 张三） opening a line (the lead's
# byline; after a sentence, a station and names are no byline), （某某网编辑 张三）, （某某在线编辑：张三） anywhere
# (the outlet must read as a paper, site or station: is_media_name)
_OUTLET_BRACKET = re.compile(
    rf"[（(][ \t]*({_ONE_ORG})({_alts('责任编辑 编辑 责编')})?[ \t\u3000:：]*(?<=[ \t\u3000:：编辑編輯责責])"
    rf"([{_HAN}][{_HAN} \t、，,]{{1,30}}?)[ \t]*[）)]")
# a contributing unit and its writer in brackets, after the site tag or closing a paragraph: 某某网讯（某镇人民政府：
# 张三）, ……工作。（某区人防办：张三）: the writer is the article's author (the unit's name ends like a unit's)
_UNIT_AUTHOR = re.compile(
    rf"(?:{_tw('讯')}|[。！？”][ \t\u3000]*)[（(][ \t]*([{_HAN}]{{2,20}}?(?:办|局|委|政府|中心|院|所|站|部|处|科|会|"
    rf"公司|镇|乡|街道|社区|村))[ \t]*[：:][ \t]*([{_HAN}]{{2,4}})[ \t]*[）)]")
# a writer's name before 文 after a slash, in brackets: （张三/文）, ( 张三 李四／文 ): the article's authors
_NAMES_SLASH_TEXT = re.compile(rf"[（(][ \t]*({_NAMES})[ \t]*[/／][ \t]*文[ \t]*[）)]")
# a reporter's (or a correspondent's) photo credit ending a line, glued to the caption before it: ……现场某某网记者张三摄
# (the name is the shortest that the mark closes: 记者张三拍摄 names 张三, 拍摄 being the verb)
_TITLED_PHOTO = re.compile(
    rf"({_REPORTER_CORE}|{_alts('通讯员')})[ \t]*([{_HAN}]{{2,4}}?)[ \t]*拍?{_tw('摄')}[ \t]*$", re.MULTILINE)
# untitled names and 摄 in brackets, anywhere (a caption's credit inside a run-together line): （张三 李四 摄）
_BRACKET_PHOTO = re.compile(rf"[（(][ \t]*([{_HAN}][{_HAN} \t、，,]{{1,40}}?)[ \t]*{_tw('摄')}[ \t]*[）)]")
# a non-breaking space a lossy encoder wrote as '?' (GBK has no U+00A0), which normalising then made the full-width
# ？: 记者？张三？通讯员？李四, 作者:张三？李四？王五. A run of short Han chunks joined by ?/？ of which one is a
# credit's title (or holds a title and its colon) is a byline, and its marks are the spaces they were; a
# question in prose (怎么办？我们……) holds no title, and a lost character's '?' stands before the Latin gloss a
# converter wrote (日?qǐng, kg.read.repair)
_MARKED_RUN = re.compile(rf"(?:[?？][ \t]*)?[{_HAN}:：]{{1,12}}(?:[?？][{_HAN}:：]{{1,12}})+(?:[ \t]*[?？])?")
# a mark right before a page's next field (来源：某某日？ 作者：张三: the lost character of 日报, then the field)
_MARK_BEFORE_FIELD = re.compile(
    rf"[?？](?=[ \t]*(?:{_alts('作者 来源 时间 发布时间 责任编辑 编辑 记者 通讯员 摄影')})[ \t]*[:：])")
_MARKS = re.compile(r"[?？]")
_TITLE_COLON = re.compile(rf"(?:{TITLE})[:：]")


def _as_space(mark: re.Match[str]) -> str:
    """A mark of a byline run as the space it was, unless a single Han character stands on either side of it
    (陈?明: a lost character inside a name, which a space would join into another name, 陈明)."""
    run, i = mark.string, mark.start()
    return mark.group() if _lone_han(run, i - 1, -1) or _lone_han(run, i + 1, 1) else " "


def _lone_han(run: str, at: int, step: int) -> bool:
    """``run[at]`` is a Han character and the next one away from the mark (``at + step``) is none."""
    def han(k: int) -> bool:
        return 0 <= k < len(run) and _HAN_CHAR.match(run[k]) is not None
    return han(at) and not han(at + step)


_HAN_CHAR = re.compile(rf"[{_HAN}]")   # one Han character (two looked at on each side of a mark: bounded)


def _lost_spaces(text: str) -> str:
    """The text with the marks of every byline run of ``_MARKED_RUN`` read as spaces (one character for one)."""
    if "?" not in text and "？" not in text:
        return text
    out: list[str] = []
    last = 0
    for m in _MARKED_RUN.finditer(text):
        chunks = _MARKS.split(m.group())
        if any(_HEAD_TITLE.fullmatch(c) or _TITLE_COLON.search(c) for c in chunks):
            out += [text[last:m.start()], _MARKS.sub(_as_space, m.group())]
            last = m.end()
    text = "".join([*out, text[last:]]) if out else text
    return _MARK_BEFORE_FIELD.sub(" ", text)
# a photo credit inside a line whose captions and paragraphs were run together, its name set off by spaces:
# after a reporter's title (……作业。本报记者 张三 摄某某救援队……: the next caption glued to 摄), or right after a
# caption's last sentence with a space after 摄 (……守夜人。张三 摄 他们……); never 摄影 or 摄像
_SPACED_PHOTO = re.compile(
    rf"({_REPORTER_CORE})[ \t\u3000]+([{_HAN}]{{2,4}})[ \t\u3000]+{_tw('摄')}(?![影像])"
    rf"|[。！？][ \t\u3000]*([{_HAN}]{{2,4}})[ \t\u3000]+{_tw('摄')}(?=[ \t\u3000]|$)", re.MULTILINE)
# a photo title after a caption's last sentence, ending its line: ……值守。 摄影 张三
_CAPTION_TAIL = re.compile(rf"[。！？][ \t\u3000]*({_tw('摄影')}[ \t\u3000：:]*[^。！？\n]{{2,40}})$", re.MULTILINE)
# 图 and its slash or colon after a caption's last sentence, ending its line: ……开展工作。图/张三 (only names:
# 图/新华社, 图：某某社区提供 and 图/受访者供图 credit no one)
_CAPTION_PHOTO = re.compile(
    rf"[。！？][ \t\u3000]*{_tw('图')}[ \t]*[/／:：][ \t]*([{_HAN}][{_HAN} \t、，,]{{1,30}}?)[ \t\u3000]*$",
    re.MULTILINE)
# untitled names between a page's date and time stamp and its next field: 2021-09-12 15:40:00 张三 李四 来源：某某日报
# (the header of a county site: the article's reporters; every part must read as a name)
_STAMP_NAMES = re.compile(
    rf"{_STAMP}[ \t\u3000]+([{_HAN}][{_HAN} \t]{{1,40}}?)[ \t\u3000]+"
    rf"(?={_alts('来源 稿源 责任编辑 编辑 责编')}[ \t]*[:：])")
# a byline closing a paragraph, after its last sentence, ending its line: ……集合到位。 某某晚报全媒体记者 张三
# 李四 摄影报道 (closed by 报道, so a sentence that merely starts with 记者 is no byline)
_BYLINE_TAIL = re.compile(
    rf"[。！？][ \t\u3000]*((?:{_REPORTER})[^。！？\n]{{2,40}}?{_tw('报')}[道导導])[ \t\u3000]*$", re.MULTILINE)
# a titled credit with its colon after a paragraph's last sentence, ending its line: ……返回泰州。 编辑：张三 |
_COLON_TAIL = re.compile(
    rf"[。！？”][ \t\u3000]*((?:{_REPORTER}|{_MULTI_MOD})[ \t]*[:：][ \t]*[{_HAN}][^。！？\n:：]{{1,30}}?)"
    r"[ \t\u3000|｜]*$", re.MULTILINE)
_BOTH = (CreditRole.AUTHOR, CreditRole.PHOTOGRAPHER)
_REPORTING = frozenset({CreditRole.REPORTER, CreditRole.CORRESPONDENT, CreditRole.SPECIAL_CORRESPONDENT})
_PHOTO_ROLES = {"文/图": _BOTH, "图/文": _BOTH, "文图": _BOTH, "图文": _BOTH}
_BOTH_MARKS = frozenset(("文/图", "图/文"))   # closing a titled byline (文图/图文 alone may open a word)
# closing a byline's names: every name since the last title took the photographs too (记者 张三 李四 摄影报道)
_PHOTO_REPORT = frozenset({"摄影报道", "攝影報道", "图文报道", "圖文報道"})
_NAME_TAIL = re.compile(rf"(?:{_tw('报')}[道导導]|{_PHOTO_MARK})$")
_NOT_NAMES = frozenset(
    {"报道", "文图", "图文", "同志", "本报", "本站", "本网", "本台", "网站", "小编", "记者", "来源", "摄", "攝",
     # what was supplied by whom: 记者 张三 供稿, 图：张三提供; a file picture (（资料图 摄）)
     "供稿", "提供", "资料图", "資料圖", "资料照片", "資料照片",
     # the next field label of a page's metadata line when a field is empty (作者： 时间：…)
     "时间", "時間", "消息", "字号", "字號", "录入", "錄入", "浏览", "瀏覽", "浏览次数", "瀏覽次數", "点击", "點擊",
     "点击数", "點擊數", "发布", "發佈", "发布时间", "發佈時間", "阅读", "閱讀", "阅读量", "閱讀量"}
)
# what follows a title glued to it in prose or a caption is no name: 记者从…获悉, 记者了解到,
# 记者在现场看到, 摄像头, 摄影展, 编辑部
_NOT_NAME_START = re.compile(
    r"(?:从|在|了解|获悉|看到|采访|走访|来到|注意|发现|跟随|随|对|向|与|和|等|也|还|就|都|又|将|已|正|是|"
    r"近日|日前|昨|今|们|一行|一起|一同|一直|展|头|机|作品|比赛|大赛|爱好|器材|协会|家|工作|部|站|组|团|队|中心|"
    r"從|對|與|聽|還|將|們|頭|機|協會|組|團|隊|愛好|"
    # placeholders in an empty credit field: 作者：版权声明 / 佚名 / 暂无
    r"版权|声明|版權|聲明|佚名|暂无|暫無|未知|不详|不詳|匿名|网友|網友)"
)
# what never starts a name anywhere in a byline: the lead's first words (本报讯 记者张三 连日来，…)
# and words closing a byline (记者 张三 发自杭州 / 整理)
_PROSE_START = re.compile(
    r"(?:连日|近日|近期|近来|近年|日前|当天|当日|今天|今日|昨天|昨日|今年|去年|随着|根据|按照|截至|经过|为了|"
    r"自从|目前|此前|发自|整理|综合|编译|联合|转载|转自|来自|連日|當天|當日|隨著|據|發自|綜合|編譯|聯合|轉載|轉自|來自)"
)
# an agency dateline glued to the last name: （中央社记者张三、李四台北6日电）
# (not inside a run of spaces: a scan from every space of a long run would cost quadratic time)
_DATELINE_AFTER = re.compile(r"(?<!\s)\s*\d{1,2}(?:月\d{1,2})?日[电電]")
_MAX_RUN = 24  # longest run cut into names (eight three-character names)
_HAN_RUN = re.compile(rf"[{_HAN}·•]+")
_SEP_RUN = re.compile(rf"[\s{_SEPS}]+")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# 武侯新闻网讯 / 本报讯（记者 ...）: the site tag that opens an article (a line's own spaces only before it:
# ``^\s*`` would scan every following blank line again from each line start)
_SITE_TAG = re.compile(
    rf"^[^\S\n]*[【\[]?([{_HAN}A-Za-z·]{{2,20}}?(?:新闻网|网|报|台|社|中心|新闻|客户端|号|在线|传媒|频道|视频))"
    r"(?:\d{1,2}月\d{1,2}日)?(?:讯|报道(?=\s*[（(]))",
    re.MULTILINE,
)
# 来源：湖北日报 / 来源：某某网编辑：张三 (the source ends where a title or another field starts)
_SOURCE_LINE = re.compile(
    rf"(?:{_alts('来源 稿源 来自')})\s*[:：]\s*([{_HAN}A-Za-z0-9·]{{2,24}}?)"
    rf"(?=(?:{_REPORTER_CORE}|{_alts('通讯员 责任编辑 值班编辑 编辑 责编 作者 时间 发布 日期')}"
    rf"|{_alts('审核 校对 浏览 点击 阅读')})"
    rf"|(?:19|20)\d\d[-/.年]|[^{_HAN}A-Za-z0-9·]|$)"
)
# the paper or site in a reporter's title: 浙江日报全媒体记者 -> 浙江日报
_ORG_TITLE = re.compile(rf"({_ORG})(?:{_MODIFIER})?(?:特约记者|记者)")

# 新华社北京3月5日电 / 中新社福州11月12日电
_DATELINE = re.compile(
    rf"^[^\S\n]*((?:[{_HAN}]{{1,10}}?)(?:社|网|台|报|客户端))([{_HAN}]{{2,6}}?)?"
    r"(\d{1,2})月(\d{1,2})日(?:电|讯)",
    re.MULTILINE,
)
# the paper's masthead on a line of its own near the top, with the page's date (and time): 某某日报 2020-02-07
# 10:57, 某某日报 2022年08月23日 (a short rest of the line is the page's chrome: 大字, 阅读); the byline under it
# (□记者 张三) is the paper's reporter's
_MASTHEAD = re.compile(
    rf"^[^\S\n]*([{_HAN}]{{1,10}}?(?:日报|晚报|报|新闻网|网|电视台|融媒体中心|客户端|在线))[^\S\n]+"
    r"(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:[^\S\n]+\d{1,2}:\d{2}(?::\d{2})?)?[^\S\n]*[^\n]{0,8}$",
    re.MULTILINE,
)
_PAGE_DATE = re.compile(
    r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2}):(\d{2})(?::\d{2})?)?"
)
_NOT_SITE = ("本报", "本网", "本台", "本刊", "本社", "该", "此", "其", "我")


@dataclass(frozen=True)
class Surnames:
    """The surname list: single characters and compound (two-character) surnames; and the two-character
    elements of Tibetan given names (``data/lexicons/tibetan_name_parts.txt``), which take no surname."""

    single: frozenset[str]
    compound: frozenset[str]
    tibetan: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=1)
def default_surnames() -> Surnames:
    """The bundled surname list (``data/lexicons/surnames.txt``), read once per process."""
    words = [w for line in load_word_list(LEXICON_DIR / "surnames.txt") for w in line.split()]
    tibetan = [w for line in load_word_list(LEXICON_DIR / "tibetan_name_parts.txt") for w in line.split()]
    return Surnames(
        single=frozenset(w for w in words if len(w) == 1), compound=frozenset(w for w in words if len(w) == 2),
        tibetan=frozenset(w for w in tibetan if len(w) == 2),
    )


@dataclass
class TextMetadata:
    """What the text itself says about the article."""

    credits: list[Credit] = field(default_factory=list)
    site: str | None = None
    published: date | None = None
    published_time: str | None = None  # HH:MM printed beside the page date
    dateline: dict[str, object] = field(default_factory=dict)


def _segment(key: str, sn: Surnames) -> list[int] | None:
    """Cut ``key`` into names that each start with a surname: the end offsets, or None.

    A name is a surname and a one- or two-character given name; a non-final name takes
    three characters when the rest still splits (张三丰李四), else two (李四王五).
    Dynamic programming from the end, so a long run costs linear time.
    """
    n = len(key)
    if n > _MAX_RUN or n == 0:
        return None      # (an empty run holds no name)
    nxt = [0] * (n + 1)  # nxt[i]: end of the name starting at i in the chosen cut
    ok = [False] * (n + 1)
    ok[n] = True
    for i in range(n - 1, -1, -1):
        lengths: list[int] = []
        if key[i : i + 2] in sn.compound:
            lengths += [4, 3]
        if key[i] in sn.single:
            lengths += [3, 2]
        for size in lengths:
            if i + size <= n and ok[i + size]:
                ok[i], nxt[i] = True, i + size
                break
    if not ok[0]:
        return None
    ends, i = [], 0
    while i < n:
        i = nxt[i]
        ends.append(i)
    return ends


def split_names(run: str, *, glued: bool, surnames: Surnames | None = None, key: str | None = None) -> list[str] | None:
    """The names written in ``run`` (a run of Han characters between titles and separators), or None.

    ``glued``: the run follows a title without a space (记者张三李四); it must then be made of
    surname-initial names and not start like prose (记者从…获悉). A run standing alone between
    separators may be one name of 2-4 characters without a known surname (a rare surname,
    a minority name). ``key`` is the run in Simplified script (for the surname look-up).
    """
    sn = surnames or default_surnames()
    key = key or run
    if "·" in run or "•" in run:
        return [run] if re.fullmatch(NAME, run) else None
    if _PROSE_START.match(key) or (glued and _NOT_NAME_START.match(run)):
        return None
    if len(key) == 4 and key[:2] in sn.tibetan and key[2:] in sn.tibetan:
        return [run]     # 扎西多吉: one Tibetan name, not 扎西 + 多吉 (two surname-initial halves)
    ends = _segment(key, sn)
    if ends is not None:
        return [run[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
    if not glued and 2 <= len(run) <= 4 and not _NOT_NAME_START.match(run):
        return [run]
    return None


def _tokens(chunk: str) -> list[tuple[str, int, int, bool]]:
    """``(kind, start, end, glued)`` of a credit chunk: ``T`` title, ``N`` run of name characters,
    ``X`` anything else (ends the chunk); separators are dropped. ``glued``: an ``N`` right after a ``T``."""
    out: list[tuple[str, int, int, bool]] = []
    pos, n = 0, len(chunk)
    while pos < n:
        sep = _SEP_RUN.match(chunk, pos)
        if sep:
            pos = sep.end()
            continue
        run = _HAN_RUN.match(chunk, pos)
        if not run:
            word = _LATIN_WORD.match(chunk, pos) if out and out[-1][0] == "T" else None
            if word is None:
                out.append(("X", pos, pos + 1, False))
                break
            out.append(("X", pos, word.end(), False))   # 作者： editor 一审：…: a field's placeholder, read on
            pos = word.end()
            continue
        end = run.end()
        p = pos
        head = _HEAD_TITLE.match(chunk, p)
        if head and head.end() > end and chunk[end:end + 1] in ("、", "/", "／"):
            # a title over two joined outlets (甲客户端、乙新闻网记者): the run goes on after it
            after = _HAN_RUN.match(chunk, head.end())
            end = after.end() if after else head.end()
        if head and head.end() <= end:
            out.append(("T", p, head.end(), False))
            p = head.end()
        elif any(k == "T" for k, *_ in out) and _OUTLET_ONLY.fullmatch(chunk, p, end):
            # （某台记者 甲 乙 某某广播电视台 丙 丁）: an outlet named alone inside a byline heads its reporters
            # (flagged: it heads no title written right after it, 来源:某某网 责任编辑:张三)
            out.append(("T", p, end, True))
            pos = end
            continue
        while p < end:
            tail = _NAME_TAIL.search(chunk, p, end)
            inner = _INNER_TITLE.search(chunk, p, end)
            if inner and inner.start() > p and not (tail and tail.start() <= inner.start()):
                out.append(("N", p, inner.start(), bool(out) and out[-1][0] == "T" and out[-1][2] == p))
                out.append(("T", inner.start(), inner.end(), False))
                p = inner.end()
                continue
            if inner and inner.start() == p and not (tail and tail.start() == p):
                out.append(("T", p, inner.end(), False))
                p = inner.end()
                continue
            if end - p >= 3 and chunk[end - 1] in _ONE_CHAR_TITLES and chunk[end:end + 1] in ("/", "／"):
                # 通讯员范某某文/图, 记者赵某图/记者钱某: a one-character title glued to the name before its slash
                out.append(("N", p, end - 1, bool(out) and out[-1][0] == "T" and out[-1][2] == p))
                out.append(("T", end - 1, end, False))
            else:
                out.append(("N", p, end, bool(out) and out[-1][0] == "T" and out[-1][2] == p))
            p = end
        pos = end
    return out


def _spaced_name(chunk: str, tokens: list[tuple[str, int, int, bool]], i: int) -> int | None:
    """The end of a two-character name typeset with one space between its characters (郑 宇), when token ``i``
    and the next are one character each, one space apart, and the name ends its item (a separator, a space or
    the chunk's end after it): else None."""
    if i + 1 >= len(tokens):
        return None
    _k, s, e, _g = tokens[i]
    kind, s2, e2, _g2 = tokens[i + 1]
    if kind != "N" or e2 - s2 != 1 or s2 != e + 1 or chunk[e] not in " \u3000":
        return None
    if chunk[s2] in _ONE_CHAR_TITLES:
        return None     # （记者 王 摄）: the credit's mark after a one-character item, no name's second character
    after = chunk[e2:e2 + 1]
    return e2 if not after or not _HAN_RUN.match(after) else None


def _credits_in(
    chunk: str,
    base: int,
    *,
    lead_untitled: bool = False,
    simplify: Callable[[str], str] | None = None,
    surnames: Surnames | None = None,
) -> list[Credit]:
    """Walk ``title [title] name name title name ...`` inside a credit chunk.

    Names take every title written just before them (``文、编/周圆`` is author and editor);
    anything else (a number, Latin text, prose glued to a title) ends the chunk.
    ``lead_untitled``: names before the first title are the reporters (``（张三 通讯员 李四）``).
    """
    out: list[Credit] = []
    titles: list[str] = []
    untitled: list[tuple[str, int, int]] = []
    fresh = False  # the last token was a title
    outlet_alone = False   # ... an outlet named alone (a source's name, not a reporter's title, before a title)
    run = 0        # where the credits of the latest titles start in ``out``
    last_title_end = 0
    tokens = _tokens(chunk)
    skip_next = False
    for i, (kind, s, e, glued) in enumerate(tokens):
        if skip_next:
            skip_next = False
            continue
        if kind == "X":
            if fresh and i + 1 < len(tokens) and tokens[i + 1][0] == "T":
                # 作者： editor 一审：张三: a field's Latin placeholder (editor, admin) ends that field only
                titles, fresh = [], False
                continue
            break
        text = chunk[s:e]
        spaced = _spaced_name(chunk, tokens, i) if kind == "N" and e - s == 1 else None
        if spaced is not None:
            # 特约通讯员 郑 宇: a two-character name typeset with a space between its characters
            e, text, skip_next = spaced, chunk[s] + chunk[spaced - 1], True
        if chunk[s:s + 4] in _PHOTO_REPORT and out[run:]:
            mark = chunk[s:s + 4]
            out += [Credit(CreditRole.PHOTOGRAPHER, c.name, mark, c.start, c.end)
                    for c in out[run:] if c.role is not CreditRole.PHOTOGRAPHER]
            break
        if kind == "T" and out and chunk[s:s + 3].translate(_TO_SIMP).replace("／", "/") in _BOTH_MARKS:
            # 记者 张三 通讯员 李四 文/图 closing the byline: everyone named in it wrote and took the photographs
            out += [Credit(CreditRole.PHOTOGRAPHER, c.name, c.title, c.start, c.end) for c in out
                    if not any(o.role is CreditRole.PHOTOGRAPHER and o.start == c.start for o in out)]
            break
        if kind == "T":
            if not fresh:
                run = len(out)
            # 作者：  录入：张三 — a field left empty: its title does not pass to the next field's names
            empty = fresh and any(ch in chunk[last_title_end:s] for ch in ":：")
            # (an outlet alone heads a reporter's title after it, 某某台 记者 张三, but no editor's:
            # 来源:某网 责任编辑:张三)
            joins = fresh and not empty and not (outlet_alone and _role_of(text) not in _REPORTING)
            titles = [*titles, text] if joins else [text]
            fresh, outlet_alone = True, glued
            last_title_end = e
            continue
        fresh = False
        if text.endswith(_SUPPLIED) and text[:-2][-1:] in _SUPPLIER_ENDS:
            break   # 图：某某社区提供: a unit or place supplied the picture, no one is named
        if text.endswith(_SUPPLIED_BY) and e - s >= 4:
            e, text = e - 2, text[:-2]   # 图：张三提供: the name before 提供
        # 记者刘银斌摄 / 张三报道: the reporter took the photograph; 报道 closes the byline
        tail = _NAME_TAIL.search(text)
        took_photo = False
        if tail and tail.start() >= 2:
            took_photo = tail.group().startswith(("摄", "攝")) or tail.group() in ("供图", "供圖")
            e = s + tail.start()
            text = text[: tail.start()]
        after = chunk[e : e + 4].lstrip()
        if after.startswith(("摄", "攝")) and after[1:2] not in ("影", "像"):
            took_photo = True
        if text in _NOT_NAMES or _NAME_TAIL.fullmatch(text) or len(text) < 2:
            if len(text) < 2 and text not in ("摄", "攝"):
                break
            continue
        key = simplify(text) if simplify else text
        if key in _ROLE:
            continue
        if len(text) >= 4 and _DATELINE_AFTER.match(chunk, e):
            # the place of the dateline ends the run: keep the longest run of names before it
            sn = surnames or default_surnames()
            for place in (2, 3, 4):
                if len(text) - place >= 2 and _segment(key[:-place], sn) is not None:
                    text, key, e = text[:-place], key[:-place], e - place
                    break
        names = split_names(text, glued=glued or (lead_untitled and not titles), surnames=surnames, key=key)
        if names is None:
            if lead_untitled and not titles and not glued:
                # （某甲 乙丙 记者 丁戊）: an untitled item that opens with no known surname (a rare one) is
                # left out; the names after it still count once a titled name follows them
                continue
            break
        label = next((i for i, n in enumerate(names) if (simplify(n) if simplify else n) in _NOT_NAMES), None)
        if label is not None:   # 作者:付琳来源:… — the next field's label ends the names and the chunk
            names = names[:label]
        offset = s
        for name in names:
            start = base + offset
            offset += len(name) if spaced is None else e - s
            shown = simplify(name) if simplify else name
            if not titles:
                if lead_untitled:
                    untitled.append((shown, start, base + offset))
                continue
            # the untitled names count once a titled name follows them (not 王府井 记者站)
            for first, at, until in untitled:
                out.append(Credit(CreditRole.REPORTER, first, "", at, until))
            untitled = []
            for title, role in _roles(titles, took_photo):
                out.append(Credit(role, shown, title, start, base + offset))
        if label is not None:
            break
    return out


_SUPPLIED_BY = ("提供", "供稿")                       # (供图 is a photo mark: _NAME_TAIL takes it off a name)
_SUPPLIED = (*_SUPPLIED_BY, "供图", "供圖")
# the last character of a unit's or a place's name before 提供 (某某社区提供, 某某中心提供, 某某局供稿)
_SUPPLIER_ENDS = frozenset("区村镇乡县市省局委办站所院心部队会司校")


def _roles(titles: list[str], took_photo: bool) -> list[tuple[str, CreditRole]]:
    """The (title, role) pairs of titles written together before a name.

    ``摄影/新华社记者 张三``: a reporter's title after a photo title says who the photographer
    is, it does not make them an author too.
    """
    roles = [(t, CreditRole.PHOTOGRAPHER if took_photo else _role_of(t)) for t in titles]
    if len(roles) == 2 and roles[0][1] is CreditRole.PHOTOGRAPHER and roles[1][0].translate(_TO_SIMP).endswith("记者"):
        return [(roles[1][0], CreditRole.PHOTOGRAPHER)]
    return roles


def _role_of(title: str) -> CreditRole:
    title = title.translate(_TO_SIMP)
    if title.endswith("特约记者"):
        return CreditRole.SPECIAL_CORRESPONDENT
    if title.endswith("记者"):
        # 摄影记者, 本报摄影记者, 河南台摄像记者
        return CreditRole.PHOTOGRAPHER if title[-4:-2] in ("摄影", "摄像") else CreditRole.REPORTER
    if title in _ROLE:
        return _ROLE[title]
    if _OUTLET_ONLY.fullmatch(title):
        return CreditRole.REPORTER   # an outlet named alone in a byline: its reporters
    # a modifier before the title: 实习编辑, 摄影编辑 (the list has specific titles first)
    return next((role for t, role in _TITLES if title.endswith(t)), CreditRole.AUTHOR)


def read_credits(
    text: str, *, simplify: Callable[[str], str] | None = None, surnames: Surnames | None = None
) -> list[Credit]:
    """Every credited person, in text order, without duplicates of the same span.

    ``simplify`` converts a name written in Traditional script (the text stayed Simplified
    as a whole); names are then Simplified while spans still point into ``text``.
    """
    text = _lost_spaces(text)   # (one character for one: every span still points into the text given)
    found: dict[tuple[int, int, CreditRole], Credit] = {}
    spans: set[tuple[int, int]] = set()

    def add(c: Credit) -> None:
        if (c.start, c.end, c.role) not in found and (c.start, c.end) not in spans:
            found[(c.start, c.end, c.role)] = c

    for m in _BRACKET.finditer(text):
        untitled = _HEAD_TITLE.match(m.group(1)) is None
        for c in _credits_in(m.group(1), m.start(1), lead_untitled=untitled, simplify=simplify, surnames=surnames):
            add(c)
    for m in _NAMES_SLASH_TEXT.finditer(text):
        for c in _untitled_names(m.group(1), m.start(1), simplify=simplify, surnames=surnames):
            add(Credit(CreditRole.AUTHOR, c.name, "文", c.start, c.end))
    for m in _UNIT_AUTHOR.finditer(text):
        name = simplify(m.group(2)) if simplify else m.group(2)
        if name not in _NOT_NAMES and name not in _ROLE and split_names(m.group(2), glued=True, surnames=surnames,
                                                                        key=name) == [m.group(2)]:
            add(Credit(CreditRole.AUTHOR, name, "", m.start(2), m.end(2)))
    for m in _OUTLET_BRACKET.finditer(text):
        opens_line = not text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip()
        if is_media_name(m.group(1).translate(_TO_SIMP)) and (m.group(2) or opens_line):
            title = m.group(1) + (m.group(2) or "")
            role = _role_of(m.group(2)) if m.group(2) else CreditRole.REPORTER
            for c in _untitled_names(m.group(3), m.start(3), simplify=simplify, surnames=surnames):
                add(Credit(role, c.name, title, c.start, c.end))
    for lead in (_LEAD, _AFTER_XUN, _DATED_LEAD):
        for m in lead.finditer(text):
            for c in _credits_in(m.group(1), m.start(1), simplify=simplify, surnames=surnames):
                add(c)
    for line in itertools.chain(_SHORT_LINE.finditer(text), _STAMPED_HEAD.finditer(text)):
        t = _LINE_TITLE.search(line.group())
        if t:
            # 张三 某某新闻记者 李四: untitled names opening the credit's line before a titled one count as in a
            # bracket (contributors to the article); else the credit starts at the title
            head = line.group()[: t.start()]
            named = bool(head) and _LINE_NAMES.fullmatch(head.lstrip(" \t\u3000")) is not None and bool(
                _untitled_names(head.strip(), 0, simplify=simplify, surnames=surnames))
            skip = len(head) - len(head.lstrip()) if named else t.start()
            for c in _credits_in(line.group()[skip:], line.start() + skip, lead_untitled=named, simplify=simplify,
                                 surnames=surnames):
                add(c)
    for m in _CAPTION_PHOTO.finditer(text):
        for c in _untitled_names(m.group(1), m.start(1), simplify=simplify, surnames=surnames):
            add(Credit(CreditRole.PHOTOGRAPHER, c.name, "图", c.start, c.end))
    for m in _STAMP_NAMES.finditer(text):
        for c in _untitled_names(m.group(1), m.start(1), simplify=simplify, surnames=surnames):
            add(c)
    for tail in (_CAPTION_TAIL, _BYLINE_TAIL, _COLON_TAIL):
        for m in tail.finditer(text):
            if tail is _COLON_TAIL and not _names_only(m.group(1), simplify=simplify, surnames=surnames):
                continue    # 记者：周医生辛苦了 (an interview's question): every word after the colon is one name
            for c in _credits_in(m.group(1), m.start(1), simplify=simplify, surnames=surnames):
                add(c)
    for bracket in (_TAGGED_BRACKET, _LONE_BRACKET, _TAIL_BRACKET):
        for m in bracket.finditer(text):
            # (names written together only right after the site tag or the dateline: a bracket closing a paragraph
            # may hold any phrase, （国家安全教育） splits as 国家安|全教育)
            for c in _untitled_names(m.group(1), m.start(1), simplify=simplify, surnames=surnames,
                                     glued=bracket is _TAGGED_BRACKET):
                add(c)
    for m in _LONE_BRACKET.finditer(text):
        for c in _unit_led_names(m.group(1), m.start(1), simplify=simplify, surnames=surnames):
            add(c)
    for m in _TITLED_PHOTO.finditer(text):
        raw = m.group(2)
        name = simplify(raw) if simplify else raw
        if split_names(raw, glued=True, surnames=surnames, key=name) == [raw]:
            add(Credit(CreditRole.PHOTOGRAPHER, name, m.group(1), m.start(2), m.end(2)))
    for m in _BRACKET_PHOTO.finditer(text):
        for c in _untitled_names(m.group(1), m.start(1), simplify=simplify, surnames=surnames):
            add(Credit(CreditRole.PHOTOGRAPHER, c.name, "摄", c.start, c.end))
    for m in _SPACED_PHOTO.finditer(text):
        group = 2 if m.group(2) else 3
        raw = m.group(group)
        name = simplify(raw) if simplify else raw
        if name not in _NOT_NAMES and name not in _ROLE and split_names(raw, glued=True, surnames=surnames,
                                                                          key=name) == [raw]:
            add(Credit(CreditRole.PHOTOGRAPHER, name, m.group(1) or "摄", m.start(group), m.end(group)))
    spans = {(c.start, c.end) for c in found.values()}
    for m in _PHOTO.finditer(text):
        names = m.group(1)
        mark = m.group(2).translate(_TO_SIMP).replace("／", "/")
        roles = _PHOTO_ROLES.get(mark, (CreditRole.PHOTOGRAPHER,))
        for n in re.finditer(NAME + r"(?=\s*(?:[、，,/／\s]|$))", names):
            key = simplify(n.group()) if simplify else n.group()
            if key in _ROLE:
                continue
            s = m.start(1) + n.start()
            for role in roles:
                add(Credit(role, key, m.group(2), s, s + len(n.group())))
    return sorted(found.values(), key=lambda c: (c.start, c.role.value))


# the last character of a village, street or unit name, never of a person's name in an untitled byline
_PLACE_ENDS = frozenset("村庄镇乡区县市省街路屯寨组局委办站所")


def _untitled_names(chunk: str, base: int, *, simplify: Callable[[str], str] | None,
                    surnames: Surnames | None, glued: bool = False) -> list[Credit]:
    """The reporters of an untitled byline (``张三 李四``): every part a name opening with a surname,
    else none (a bracketed note is no byline). ``glued``: a part of six or nine characters may be two or three
    names of three characters written together (张三丰李四明), each opening with a surname (a phrase of five,
    钟南山院士, would split as 钟南|山院士; two-character names glued are too often a phrase's pieces)."""
    out: list[Credit] = []
    pos = 0
    for part in _NAME_SEPS.split(chunk):
        at = chunk.index(part, pos)
        pos = at + len(part)
        key = simplify(part) if simplify else part
        if glued and len(part) in (6, 9):
            names = split_names(part, glued=True, surnames=surnames, key=key)
            if not names or len(names) < 2 or not all(len(n) == 3 for n in names):
                return []
        elif 2 <= len(part) <= 4 and split_names(part, glued=True, surnames=surnames, key=key) == [part]:
            names = [part]   # (an empty part, 张三，: no byline of names only, as before the loop was one)
        else:
            return []
        for name in names:   # each name, checked alike whether it stood alone or was written together
            shown = simplify(name) if simplify else name
            if not 2 <= len(name) <= 4 or shown in _NOT_NAMES or shown in _ROLE or shown[-1] in _PLACE_ENDS:
                return []       # （张村 李庄）: places, not people
            out.append(Credit(CreditRole.REPORTER, shown, "", base + at, base + at + len(name)))
            at += len(name)
    return out


# the last characters of a contributing unit's name in a bracket alone on its line: （某某局办公室 张三 李四）
# (not a division: （某村 张三） may as well caption a person at a place)
_UNIT_ENDS = ("办", "局", "委", "政府", "中心", "院", "所", "站", "部", "处", "科", "会", "公司", "办公室")
_WORDS = re.compile(r"\S+")


def _names_only(chunk: str, *, simplify: Callable[[str], str] | None, surnames: Surnames | None) -> bool:
    """Every word after the chunk's colon is exactly one name (张三 李四, :func:`_untitled_names`), not prose
    or a glued phrase."""
    value = chunk[max(chunk.find(":"), chunk.find("：")) + 1:].strip()
    return not _SPEECH_CHARS.intersection(value) and bool(
        _untitled_names(value, 0, simplify=simplify, surnames=surnames))


# characters of speech, never of a name: 记者：谢谢您, 记者：你们好
_SPEECH_CHARS = frozenset("您你我他她们了吗呢吧啊的")


def _unit_led_names(chunk: str, base: int, *, simplify: Callable[[str], str] | None,
                    surnames: Surnames | None) -> list[Credit]:
    """The writers of a bracket alone on its line that opens with their unit: （某县卫生健康局办公室 张三 李四）,
    （某某工作处 张三 办公室 李四）: the article's authors. Every word is a unit or a name, a unit opens the
    bracket and a name follows each unit; else none (untitled names alone: :func:`_untitled_names`)."""
    out: list[Credit] = []
    unit_open = False
    for i, w in enumerate(_WORDS.finditer(chunk)):
        word = w.group()
        # (a name that ends like a unit, 王文科, is a name: the name test first; the first word is the unit)
        named = _untitled_names(word, base + w.start(), simplify=simplify, surnames=surnames) if i else []
        if not named and 2 <= len(word) <= 20 and word.endswith(_UNIT_ENDS):
            if unit_open:
                return []          # two units in a row
            unit_open = True
        elif not named:
            return []
        else:
            out.extend(Credit(CreditRole.AUTHOR, c.name, "", c.start, c.end) for c in named)
            unit_open = False
    return [] if unit_open else out


def read_site(text: str) -> str | None:
    """The source site named by the text: a ``来源：`` line, else the ``…讯`` tag, else an agency dateline,
    else the paper's masthead with the page's date (``某某日报 2020-02-07 10:57``)."""
    head = text[:400]
    m = _SOURCE_LINE.search(text)
    if m:
        return m.group(1)
    m = _SITE_TAG.search(head)
    if m and m.group(1) not in _NOT_SITE:
        return m.group(1)
    m = _DATELINE.search(head)
    if m:
        return m.group(1)
    m = _MASTHEAD.search(head)
    if m and m.group(1) not in _NOT_SITE:
        return m.group(1)
    return None


def site_of_credits(credits: list[Credit], text: str, *, within: int = 300) -> str | None:
    """The paper or site in a byline opening a line near the top (``浙江在线记者`` -> ``浙江在线``), if any.

    Only a byline that starts its line within the first ``within`` characters names the
    article's site: a credit inside a photo caption may come from another paper."""
    for c in credits:
        if c.start >= within:
            break
        if not c.title.translate(_TO_SIMP).endswith("记者"):
            continue
        line = text[text.rfind("\n", 0, c.start) + 1 : c.start].lstrip(" \t□■●◆▲★▶【[（(")
        if not line.startswith(c.title):
            continue
        m = _ORG_TITLE.fullmatch(c.title.translate(_TO_SIMP))
        if m and not m.group(1).startswith(_NOT_SITE):
            return m.group(1)
    return None


def read_dateline(text: str) -> dict[str, object]:
    """An agency dateline (``新华社北京3月5日电``): agency, place, month, day."""
    m = _DATELINE.search(text[:400])
    if not m:
        return {}
    return {
        "agency": m.group(1),
        "place": m.group(2),
        "month": int(m.group(3)),
        "day": int(m.group(4)),
        "text": m.group(0).strip(),
    }


def read_page_datetime(text: str) -> tuple[date | None, str | None]:
    """A full date (and its time, ``HH:MM``, when printed) on a short line at the top or bottom
    of the text: the page's publication date."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    for line in lines[:6] + lines[-4:]:
        if len(line) > 120 or "。" in line:  # a sentence mentioning a date is not the page date
            continue
        m = _PAGE_DATE.search(line)
        if m:
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            hm = f"{int(m.group(4)):02d}:{m.group(5)}" if m.group(4) and int(m.group(4)) < 24 else None
            return day, hm
    return None, None


def read_page_date(text: str) -> date | None:
    """The page's publication date (see :func:`read_page_datetime`)."""
    return read_page_datetime(text)[0]


def read_text_metadata(
    text: str, *, credits: bool = True, simplify: Callable[[str], str] | None = None
) -> TextMetadata:
    """Credits, site, page date (and time) and dateline written in ``text``.

    The site is the ``来源`` line, ``…讯`` tag or agency dateline, else the paper named
    in a reporter's title (``浙江在线记者张三``)."""
    day, hm = read_page_datetime(text)
    found = read_credits(text, simplify=simplify) if credits else []
    return TextMetadata(
        credits=found,
        site=read_site(text) or site_of_credits(found, text),
        published=day,
        published_time=hm,
        dateline=read_dateline(text),
    )


# --------------------------------------------------------------------------- outlets of reporters
# The one place where a credit's title or a reporter's mention is split into the outlet and the post:
# the resolver makes the outlet an organisation, the credit-line relation rule links the reporter to it.

CREDIT_POSTS = ("全媒体记者", "全媒记者", "融媒体记者", "特约记者", "首席记者", "见习记者", "摄影记者", "实习记者",
                "融媒记者",
                "记者", "采访人员", "通讯员", "责任编辑", "编辑", "责编")
_MEDIA_WORD = re.compile(r"报|网|电视台|广播|融媒|新闻|传媒|杂志|在线|客户端|频道")
_OWN_OUTLET = ("本报", "本网", "本台", "本刊")
_AGENCY = re.compile(r"(?:社|总台|央视)$")   # 新华社记者, 总台记者, 央视记者: an agency or broadcaster
# 新民晚报记者张三 / 某某网·某某号记者张三 in the text, ending right before the name
_REPORTER_OF = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:日报社|日报|晚报|报社|新闻网|网|电视台|广播电视台|融媒体中心))"
                          r"(?:·[\u4e00-\u9fff]{2,8})?(全媒体记者|特约记者|首席记者|见习记者|摄影记者|记者|通讯员)$")
_OWN_REPORTER = re.compile(r"本(?:报|网|台|刊)(全媒体记者|特约记者|首席记者|见习记者|记者|通讯员)[ \u3000]*$")


def is_media_name(name: str) -> bool:
    """A paper, site or station's name (某某日报, 某某网, 某某融媒体中心)."""
    return bool(_MEDIA_WORD.search(name))


def is_outlet_name(name: str) -> bool:
    """``name`` is written as one outlet's whole name (某某日报, 某某网, 某某客户端; the pattern of the outlets
    before a reporter's title): 新闻发布会现场 is not."""
    return _OUTLET_ONLY.fullmatch(name) is not None


def outlet_and_post(title: str, *, site: str | None = None) -> tuple[str, str] | None:
    """``某某日报社全媒体记者`` -> (某某日报社, 全媒体记者); ``总台记者`` -> (总台, 记者); ``本报记者`` or a
    bare reporter's title (``记者``, ``全媒体记者``) -> (the site, the title) when the site is an outlet;
    None when no outlet is named or known."""
    post = next((p for p in CREDIT_POSTS if title.endswith(p)), None)
    if post is None:
        # （…某某广播电视台 张三）: an outlet named alone in a byline, no post
        return (title, "") if _OUTLET_ONLY.fullmatch(title) and is_media_name(title) else None
    outlet = re.split(r"[、/／]", title[: len(title) - len(post)])[-1]   # 甲客户端、乙新闻网记者: 乙新闻网
    brand = next((b for b in _BRANDS if outlet.endswith(b) and is_media_name(outlet[: -len(b)])), None)
    if brand is not None:
        outlet = outlet[: -len(brand)]   # 中央广播电视总台央视记者: the network, not its brand
    if outlet in _OWN_OUTLET or (not outlet and post.endswith("记者") and post != "特约记者"):
        outlet = (site or "").strip()   # 本报记者 / 记者 in the byline: the outlet publishing the article
        return (outlet, post) if outlet and is_media_name(outlet) else None
    return (outlet, post) if outlet and (is_media_name(outlet) or _AGENCY.search(outlet)) else None


# the outlet written before a reporter's title on the credit's line, apart from it: 某某日报 记者 张三 /
# 来源：某某日报 记者：张三 李四 / 新某某·某某报 记者 张三 (only names and separators after the title) /
# 某某新闻Knews记者 张三 (an outlet's name may end in Latin letters)
_NAMES_BEFORE = rf"(?:[{_HAN}·]{{2,8}}[ \t\u3000、，,]+){{0,7}}$"   # names of the same credit before this one
_OUTLET_APART = re.compile(
    rf"({_ORG}(?:[A-Za-z]{{1,12}})?)[ \t\u3000]*(?:{_MODIFIER})?(?:{_REPORTER_CORE})[ \t\u3000:：]*{_NAMES_BEFORE}")
# an outlet's news line before the bracket a credit stands in, the outlet's name opening the line or after a
# separator (某某云/某某日报讯（记者 张三）, 某某网讯（张三）, 某某网2月2日讯（本网记者 张三）; not 据某某台消息 nor
# 昨天某某日报讯); the outlet's app or brand after a middle dot and the place of the dateline may follow it
# (某某网·某某新闻济南2月20日讯, 某某新闻网·某某客户端讯: the outlet is the name before the dot)
_NEWS_BRACKET = re.compile(
    rf"(?<![{_HAN}])((?:[{_HAN}]{{1,10}}?)(?:日报|晚报|报|网|台|客户端|在线))"
    rf"(?:·[{_HAN}]{{2,8}}?(?:[{_HAN}]{{2,4}}?(?=\d))?)?(?:\d{{1,2}}月\d{{1,2}}日)?"
    rf"(?:讯|消息)[ \t]*[（(]"
    rf"(?:(?:{_THIS})?(?:{_REPORTER_CORE})[ \t:：]*)?{_NAMES_BEFORE}")
_NEWS_LEAD = re.compile(r"^(?:据|从|在|昨天|今天|昨日|今日|近日|日前)")
# an agency's dateline before the bracket a credit stands in: 新华网西宁5月18日电（张三）
_DATELINE_BRACKET = re.compile(
    rf"((?:[{_HAN}]{{1,10}}?)(?:社|网|台|报|客户端))(?:[{_HAN}]{{2,6}}?)?\d{{1,2}}月\d{{1,2}}日[电電][ \t]*[（(]"
    rf"(?:(?:{_REPORTER_CORE})[ \t:：]*)?{_NAMES_BEFORE}")


def _before_a_titled_name(text: str, credit: Credit) -> bool:
    """An untitled name with a titled one after it in its bracket (某报讯（张三 李四 记者王五）): a contributor
    to the article, not said to work for the outlet (新华网某地电（张三）, the agency's reporter, has none after)."""
    window = text[credit.end:credit.end + 30]
    cut = min((k for k in (window.find(ch) for ch in "）)\n") if k >= 0), default=len(window))
    return _INNER_TITLE.search(window, 0, cut) is not None


def credit_outlet(text: str, credit: Credit, *, site: str | None = None) -> tuple[str, str] | None:
    """(outlet, post) of a credited reporter: the outlet in the title (某某日报社全媒体记者), else written
    before the title on its line (某某日报 记者 张三), else the agency of the dateline or the outlet of the
    news line whose bracket names them (某某网某地5月18日电（张三）, 某某日报讯（记者 张三）), else the site
    for a bare reporter's title (本报记者, 记者).
    The outlet of a compound (新某某·某某报) is the part next to the title. None when none is known."""
    title = credit.title.strip()
    if not title and _before_a_titled_name(text, credit):
        return None   # 某报讯（张三 李四 记者王五）: a contributor; the news line names no outlet of theirs
    split = outlet_and_post(title)
    if split is not None:
        return split
    line = text[text.rfind("\n", 0, credit.start) + 1:credit.start]
    post = next((p for p in CREDIT_POSTS if title.endswith(p)), None)
    if post is not None and post.endswith(("记者", "采访人员")) and title == post:
        m = _OUTLET_APART.search(line[-120:])
        if m is not None:
            outlet = m.group(1).rsplit("·", 1)[-1]
            if is_media_name(outlet) or _AGENCY.search(outlet):
                return outlet, post
    # 某某网2月2日讯（本网记者 张三）: the outlet's own reporter, the outlet named by its news line
    bare = next((title[len(own):] for own in _OWN_OUTLET if title.startswith(own)), title)
    if not bare or (bare == post and post.endswith(("记者", "采访人员"))):
        # (a correspondent, 通讯员, writes from another unit: the news line names no outlet of theirs)
        m = _DATELINE_BRACKET.search(line[-120:])
        outlet = m.group(1) if m is not None else None
        if outlet is None and (m := _NEWS_BRACKET.search(line[-120:])) is not None:
            outlet = _NEWS_LEAD.sub("", m.group(1))      # 据某某台消息, 昨天某某日报讯: the outlet after the lead
        if outlet and len(outlet) >= 2 and not outlet.startswith(_NOT_SITE):
            return outlet, post or ""
    return outlet_and_post(title, site=site)


def reporter_before(text: str, pos: int, *, site: str | None = None) -> tuple[str, str] | None:
    """(outlet, post) of a reporter's title written right before ``pos`` in running text
    (``新民晚报记者`` + name; ``本网记者`` + name when the site is an outlet), else None."""
    own = _OWN_REPORTER.search(text, max(0, pos - 8), pos)
    if own is not None and site and is_media_name(site):
        return site.strip(), own.group(1)
    m = _REPORTER_OF.search(text, max(0, pos - 16), pos)
    if m is None or m.group(1).startswith(("本报", "本网", "本台", "据")):
        return None
    return m.group(1), m.group(2)


def credit_names(text: str, *, surnames: Surnames | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of every credited name in the text (``read_credits``), for recognition."""
    return [(c.start, c.end, text[c.start:c.end]) for c in read_credits(text, surnames=surnames)]
