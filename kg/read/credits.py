"""Credits and metadata written in the text: bylines, photo and editor credits, site, datelines, dates.

Works on the normalised Simplified text, so spans point into ``Article.text``.
Only anchored forms are read (a bracketed byline, a ``…讯`` lead, a line that
is a credit, a photo credit ending a line), never ``记者`` in running prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kg.records import Credit, CreditRole

_HAN = "\u4e00-\u9fff\u3400-\u4dbf"
# a personal name: 2-4 Han characters, or a transliterated name with a middle dot
NAME = rf"[{_HAN}]{{2,4}}?(?:[·•][{_HAN}]{{2,6}}?)?"

# title as written -> role; longest first so 特约记者 wins over 记者
_TITLES: list[tuple[str, CreditRole]] = [
    ("特约记者", CreditRole.SPECIAL_CORRESPONDENT),
    ("特约撰稿", CreditRole.SPECIAL_CORRESPONDENT),
    ("特约通讯员", CreditRole.CORRESPONDENT),
    ("通讯员", CreditRole.CORRESPONDENT),
    ("摄影记者", CreditRole.PHOTOGRAPHER),
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
    ("作者", CreditRole.AUTHOR),
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
_REPORTER_PREFIX = (
    r"(?:本报|本台|本网|本刊|新华社|中新社|央视|驻\S{1,6}|"
    rf"[{_HAN}·]{{2,12}}?(?:日报社|报社|日报|晚报|报|电视台|台|融媒体中心|新闻网|网|通讯社|社|客户端|在线))?"
    r"(?:全媒体|融媒体|融媒|首席|见习|实习|摄影|文字)?"
)
_REPORTER = rf"{_REPORTER_PREFIX}(?:特约记者|记者)"
_TITLE_RE = "|".join(
    re.escape(t) + (r"(?=\s*[/:：、|｜])" if len(t) == 1 else "") for t, _ in _TITLES if t != "特约记者"
)
TITLE = rf"(?:{_REPORTER}|{_TITLE_RE})"

# a credit chunk in brackets: (特约记者 余少林) / （记者 张三 通讯员 李四）
# / （文、编/周圆 图/王丽君 审/谭秋浩）
_BRACKET = re.compile(rf"[（(【\[]\s*((?:{TITLE})[^（）()【】\[\]\n。！？]{{1,80}}?)\s*[）)】\]]")
# a title in a short metadata line: 编辑：张三 / 来源：湖北日报 记者柯利华、通讯员方俊 / …18:25:51编辑：徐扬
_LINE_TITLE = re.compile(rf"(?:^|(?<=[\s\d|｜]))(?:{TITLE})(?=\s*[:：/|｜]|\s*[{_HAN}])", re.MULTILINE)
_SHORT_LINE = re.compile(r"^[^。！？\n]{2,100}$", re.MULTILINE)
# a byline after the site tag, closed by 报道: 本报讯 记者张三 通讯员李四报道
_AFTER_XUN = re.compile(rf"讯\s*[:：]?\s*((?:{TITLE})[^。！？（）()\n]{{1,60}}?)\s*报道")
# photo credit ending a line: 王圣洁 摄 / 王圣洁、柯抒琳摄 / 张三/摄影 / 陈红 文/图
_NAMES = rf"{NAME}(?:\s*[、，,/]\s*{NAME}|\s+{NAME})*"
_PHOTO = re.compile(
    rf"(?:^|(?<=[。！？\s（(]))({_NAMES})\s*/?\s*(摄影|摄|文/图|图/文|文图|图文|供图)\s*[）)]?\s*$",
    re.MULTILINE,
)
_BOTH = (CreditRole.AUTHOR, CreditRole.PHOTOGRAPHER)
_PHOTO_ROLES = {"文/图": _BOTH, "图/文": _BOTH, "文图": _BOTH, "图文": _BOTH}
_ONE = re.compile(rf"({TITLE})|([{_HAN}]{{2,4}}(?:[·•][{_HAN}]{{2,6}})?)|([^\s、，,/:：|｜{_HAN}]+)")
_NAME_TAIL = re.compile(r"(?:报道|摄影|摄|供图|文图|图文)$")
_NOT_NAMES = frozenset(
    {"报道", "文图", "图文", "同志", "本报", "本站", "本网", "本台", "网站", "小编", "记者", "来源"}
)
# 长乐新闻网讯 / 本报讯（记者 ...）: the site tag that opens an article
_SITE_TAG = re.compile(
    rf"^\s*[【\[]?([{_HAN}A-Za-z]{{2,16}}?(?:新闻网|网|报|台|社|中心|新闻|客户端|号|在线|传媒))讯",
    re.MULTILINE,
)
_SOURCE_LINE = re.compile(rf"(?:来源|稿源|来自)\s*[:：]\s*([{_HAN}A-Za-z0-9·]{{2,24}})")
# 新华社北京3月5日电 / 中新社福州11月12日电
_DATELINE = re.compile(
    rf"^\s*((?:[{_HAN}]{{1,10}}?)(?:社|网|台|报|客户端))([{_HAN}]{{2,6}}?)?"
    r"(\d{1,2})月(\d{1,2})日(?:电|讯)",
    re.MULTILINE,
)
_PAGE_DATE = re.compile(
    r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2}):(\d{2})(?::\d{2})?)?"
)
_NOT_SITE = ("本报", "本网", "本台", "本刊", "本社")


@dataclass
class TextMetadata:
    """What the text itself says about the article."""

    credits: list[Credit] = field(default_factory=list)
    site: str | None = None
    published: date | None = None
    published_time: str | None = None  # HH:MM printed beside the page date
    dateline: dict[str, object] = field(default_factory=dict)


def _credits_in(chunk: str, base: int) -> list[Credit]:
    """Walk ``title [title] name name title name ...`` inside a credit chunk.

    Names take every title written just before them (``文、编/周圆`` is author and editor);
    anything else (a number, Latin text) ends the chunk.
    """
    out = []
    titles: list[str] = []
    fresh = False  # the last token was a title
    for m in _ONE.finditer(chunk):
        if m.group(1):
            titles = [*titles, m.group(1)] if fresh else [m.group(1)]
            fresh = True
        elif m.group(2) and titles:
            fresh = False
            name = m.group(2)
            tail = _NAME_TAIL.search(name)
            # 记者刘银斌摄: the reporter took the photograph
            after = chunk[m.end(2) : m.end(2) + 4].lstrip()
            took_photo = after.startswith("摄") and not after.startswith(("摄影", "摄像"))
            if tail and tail.start() >= 2:
                took_photo = took_photo or tail.group().startswith("摄")
                name = name[: tail.start()]
            if name in _ROLE or name in _NOT_NAMES or _NAME_TAIL.fullmatch(name):
                continue
            start = base + m.start(2)
            for title in titles:
                role = CreditRole.PHOTOGRAPHER if took_photo else _role_of(title)
                out.append(Credit(role, name, title, start, start + len(name)))
        elif m.group(3):
            break
    return out


def _role_of(title: str) -> CreditRole:
    if title.endswith("特约记者"):
        return CreditRole.SPECIAL_CORRESPONDENT
    if title.endswith("记者"):
        return CreditRole.PHOTOGRAPHER if title.startswith("摄影") else CreditRole.REPORTER
    return _ROLE[title]


def read_credits(text: str) -> list[Credit]:
    """Every credited person, in text order, without duplicates of the same span."""
    found: dict[tuple[int, int, CreditRole], Credit] = {}
    spans: set[tuple[int, int]] = set()

    def add(c: Credit) -> None:
        if (c.start, c.end, c.role) not in found and (c.start, c.end) not in spans:
            found[(c.start, c.end, c.role)] = c

    for m in _BRACKET.finditer(text):
        for c in _credits_in(m.group(1), m.start(1)):
            add(c)
    for m in _AFTER_XUN.finditer(text):
        for c in _credits_in(m.group(1), m.start(1)):
            add(c)
    for line in _SHORT_LINE.finditer(text):
        t = _LINE_TITLE.search(line.group())
        if t:
            for c in _credits_in(line.group()[t.start() :], line.start() + t.start()):
                add(c)
    spans = {(c.start, c.end) for c in found.values()}
    for m in _PHOTO.finditer(text):
        names = m.group(1)
        roles = _PHOTO_ROLES.get(m.group(2), (CreditRole.PHOTOGRAPHER,))
        for n in re.finditer(NAME + r"(?=\s*(?:[、，,/\s]|$))", names):
            if n.group() in _ROLE:
                continue
            s = m.start(1) + n.start()
            for role in roles:
                add(Credit(role, n.group(), m.group(2), s, s + len(n.group())))
    return sorted(found.values(), key=lambda c: (c.start, c.role.value))


def read_site(text: str) -> str | None:
    """The source site named by the text: a ``来源：`` line, else the ``…讯`` tag, else an agency dateline."""
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


def read_text_metadata(text: str, *, credits: bool = True) -> TextMetadata:
    """Credits, site, page date (and time) and dateline written in ``text``."""
    day, hm = read_page_datetime(text)
    return TextMetadata(
        credits=read_credits(text) if credits else [],
        site=read_site(text),
        published=day,
        published_time=hm,
        dateline=read_dateline(text),
    )
