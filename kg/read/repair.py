"""Repairs of scraped Chinese text, each a small pass over a :class:`Tracked` string.

Every pass finds its damage with compiled regular expressions, turns it into
:class:`Edit` objects and applies them in one sweep, so the offset map back to
the original stays exact. Passes return :class:`Flag` records (with spans in
the original text) for what they removed or could not repair.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from kg.read.edits import Edit, Tracked
from kg.read.resources import ReadResources, is_pinyin_word
from kg.records import Flag

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# punctuation that belongs to Chinese text (quotes, brackets, full-width forms)
CPUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·"

# --------------------------------------------------------------------------- layout


_CRLF = re.compile(r"\r\n?|[\u2028\u2029\u0085\x0b\x0c]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
# C0 control characters other than tab, line feed, carriage return, vertical tab and form feed
# (those two are line breaks), and DEL: a stray NUL or escape byte in a scraped page
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]+")


def fix_layout(t: Tracked) -> list[Flag]:
    """Drop control characters (flagged), unify line breaks and drop invisible characters
    (zero-width spaces, BOM, soft hyphens)."""
    flags = strip_controls(t)
    edits = [Edit(m.start(), m.end(), "\n") for m in _CRLF.finditer(t.text)]
    t.apply(edits)
    t.apply([Edit(m.start(), m.end()) for m in _INVISIBLE.finditer(t.text)])
    return flags


def strip_controls(t: Tracked) -> list[Flag]:
    """Remove C0 control characters and DEL; one ``control-removed`` flag says how many, which,
    and spans the original text from the first to the last."""
    runs = list(_CONTROL.finditer(t.text))
    if not runs:
        return []
    seen = Counter(ch for m in runs for ch in m.group())
    first, last = t.original_span(runs[0].start(), runs[0].end()), t.original_span(runs[-1].start(), runs[-1].end())
    t.apply([Edit(m.start(), m.end()) for m in runs])
    which = ", ".join(f"U+{ord(ch):04X} x{n}" for ch, n in sorted(seen.items()))
    return [Flag("control-removed", f"removed {sum(seen.values())} control characters ({which})", first[0], last[1])]


_EDGE_WS = re.compile(r"^[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{2,}")
_INNER_WS = re.compile(r"[ \t\u3000\u00a0]{2,}")
_ODD_SPACE = re.compile(r"[\t\u3000\u00a0]")


def tidy_whitespace(t: Tracked) -> None:
    """Strip lines, drop blank lines, squeeze runs of spaces: paragraphs become single lines."""
    t.apply([Edit(m.start(), m.end()) for m in _EDGE_WS.finditer(t.text)])
    edits = [Edit(m.start() + 1, m.end()) for m in _BLANK_LINES.finditer(t.text)]
    t.apply(edits)
    t.apply([Edit(m.start(), m.end(), " ") for m in _INNER_WS.finditer(t.text)])
    if _ODD_SPACE.search(t.text):
        t.replace_same_length(_ODD_SPACE.sub(" ", t.text))
    text = t.text
    lead = len(text) - len(text.lstrip("\n"))
    trail = len(text) - len(text.rstrip("\n"))
    edits = []
    if lead:
        edits.append(Edit(0, lead))
    if trail and trail < len(text):
        edits.append(Edit(len(text) - trail, len(text)))
    t.apply(edits)


# --------------------------------------------------------------------------- pinyin glosses

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜǹńňḿĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ"
_PLAIN = "aaaaeeeeiiiioooouuuuuuuunnnmAAAAEEEEIIIIOOOOUUUU"
_DETONE = str.maketrans(_TONED + "üÜ", _PLAIN + "uu")
_LETTER = f"a-zA-ZüÜ{_TONED}"
_GLOSS = re.compile(
    rf"[(（](?<=[^\s(（)）][(（])\s?(?=[^()（）\n]{{0,40}}[{_TONED}])"
    rf"([{_LETTER}]{{1,7}}(?:[ '’\-][{_LETTER}]{{1,7}}){{0,7}})\s?[)）]"
)


def _is_pinyin(gloss: str, res: ReadResources) -> bool:
    """Every word of ``gloss`` is a run of valid pinyin syllables (tone marks ignored)."""
    known = res.pinyin_memo.get(gloss)
    if known is None:
        plain = gloss.translate(_DETONE).lower()
        words = [w for w in re.split(r"[ '’\-]", plain) if w]
        known = bool(words) and all(is_pinyin_word(w, res.pinyin_syllables) for w in words)
        if len(res.pinyin_memo) < 100_000:
            res.pinyin_memo[gloss] = known
    return known


# a gloss whose opening bracket was eaten with its character by a broken decoder: ``?shù)``
_BROKEN_GLOSS = re.compile(rf"(?<=[?？\ufffd])([{_LETTER}]{{1,7}})[)）]")


def _gloss_guided(text: str, q: int, end: int, gloss: str, res: ReadResources) -> str | None:
    """Undo ``沉?xí)x安`` (``沉晉安``): a one-byte shift made a character out of the trail byte of
    the previous character and the lead byte of the next; a glosser glossed it (習 xí), then it
    was lost ('?'); the lone byte after the gloss ('x') is the trail of the real character.
    The lead byte is the one that makes a character with the glossed reading; unique or nothing.
    """
    if q < 1 or end >= len(text) or not _MOJI_END.fullmatch(text[end]):
        return None
    if end + 1 < len(text) and text[end + 1].isascii() and text[end + 1].isalnum():
        return None
    try:
        prev = text[q - 1].encode("gbk")
    except UnicodeEncodeError:
        return None
    if len(prev) != 2:
        return None
    from pypinyin import Style, pinyin  # heavy import, needed only for this rare damage

    trail = b"\x80" if text[end] == "€" else text[end].encode("ascii")
    found = set()
    for lead in range(0x81, 0xFF):
        try:
            glossed = bytes((prev[1], lead)).decode("gbk")
            real = (bytes((lead,)) + trail).decode("gbk")
        except UnicodeDecodeError:
            continue
        if real in res.common and gloss in pinyin(glossed, style=Style.TONE, heteronym=True)[0]:
            found.add(real)
    return found.pop() if len(found) == 1 else None


def remove_pinyin_glosses(t: Tracked, res: ReadResources) -> list[Flag]:
    """Drop pinyin glosses such as ``網(wǎng)`` / ``鄉（xiāng）``; real parentheses stay.

    A gloss is a parenthesised run of pinyin syllables right after a character
    (a Han character, or the stray byte that stands for one in mojibake), with at
    least one tone mark, every syllable a valid pinyin syllable.
    """
    flags = []
    text = t.text
    broken: list[Edit] = []
    for m in _BROKEN_GLOSS.finditer(text):
        gloss = m.group(1)
        if not (_is_pinyin(gloss, res) and any(ch in _TONED for ch in gloss)):
            continue
        q = m.start() - 1  # the '?' standing for the lost character
        fixed = _gloss_guided(text, q, m.end(), gloss, res)
        if fixed is not None:
            broken.append(Edit(q, m.end() + 1, fixed))
            o_s, o_e = t.original_span(q - 1, m.end() + 1)
            msg = f"GBK shift with a glossed lost character {text[q - 1 : m.end() + 1]!r} -> {fixed!r}"
            flags.append(Flag("mojibake-repaired", msg, o_s, o_e))
            continue
        broken.append(Edit(m.start(), m.end()))
        o_s, o_e = t.original_span(q, m.end())
        flags.append(
            Flag("broken-gloss-removed", f"gloss of a lost character {text[q : m.end()]!r}", o_s, o_e)
        )
    t.apply(broken)
    edits = [Edit(m.start(), m.end()) for m in _GLOSS.finditer(t.text) if _is_pinyin(m.group(1), res)]
    if edits:
        o_s, _ = t.original_span(edits[0].start, edits[0].end)
        _, o_e = t.original_span(edits[-1].start, edits[-1].end)
        t.apply(edits)
        flags.append(Flag("pinyin-gloss-removed", f"removed {len(edits)} pinyin glosses", o_s, o_e))
    return flags


# --------------------------------------------------------------------------- GBK shift mojibake

# '?' or U+FFFD: the byte a broken decoder could not pair; what follows was read one byte off
_MOJI_START = re.compile(r"[?\ufffd](?=[^\s?])")
# a lone byte that can be a GBK trail byte and decodes alone: ASCII 0x40-0x7E or 0x80 (cp936: €)
_MOJI_END = re.compile(r"[\x40-\x7e€]")
_WINDOW = 48
_LEADS = [0xA1, 0xA3, 0xA2, 0xA8, 0xA4, 0xA5, 0xA6, 0xA7, 0xA9] + [
    b for b in range(0x81, 0xFF) if b not in (0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9)
]


def _cost(s: str, res: ReadResources) -> int:
    """How un-newslike a string is: 0 per common character, 1 per level-2, 3 otherwise."""
    common, known = res.common, res.known
    cost = 0
    for ch in s:
        if ch in common:
            continue
        cost += 1 if ch in known else 3
    return cost


def _gbk_bytes(s: str) -> bytes | None:
    """GBK bytes of a mojibake stretch, undoing the full-width -> half-width folding scrapers apply."""
    out = bytearray()
    for ch in s:
        o = ord(ch)
        if 0x21 <= o <= 0x7E:
            ch = chr(o + 0xFEE0)
        elif ch == " ":
            ch = "\u3000"
        try:
            out += ch.encode("gbk")
        except UnicodeEncodeError:
            return None
    return bytes(out)


def _repair_run(run: str, res: ReadResources) -> str | None:
    """Undo one GBK one-byte shift: ``run`` = lost byte ('?') + shifted middle + lone trail byte."""
    middle, last = run[1:-1], run[-1]
    mid = _gbk_bytes(middle)
    if mid is None:
        return None
    trail = b"\x80" if last == "€" else last.encode("ascii")
    before = _cost(middle, res) + 2 + (3 if last == "€" else 1)
    best: tuple[int, str] | None = None
    for lead in _LEADS:
        try:
            cand = (bytes((lead,)) + mid + trail).decode("gbk")
        except UnicodeDecodeError:
            continue
        c = _cost(cand, res)
        if c == 0:
            best = (0, cand)
            break
        if best is None or c < best[0]:
            best = (c, cand)
    # a reading made of common characters counts as "ordinary text"; one level-2 character (a place
    # name such as 邛) is allowed when the damaged run was thoroughly garbled
    if best is None or best[0] >= before or best[0] > (1 if before >= 4 else 0):
        return None
    return best[1]


def repair_gbk_shift(
    t: Tracked, res: ReadResources, *, lost_chars: frozenset[int] = frozenset()
) -> list[Flag]:
    """Find and undo GBK one-byte-shift mojibake (``堅守一線?!蔽膸X鎮`` -> ``堅守一線。”文嶺鎮``).

    ``lost_chars``: original offsets of '?' marks that stand for a whole lost character
    (their gloss survived), where the one-lost-byte arithmetic does not apply.
    """
    text = t.text
    if "?" not in text and "\ufffd" not in text and "€" not in text:
        return []
    edits: list[Edit] = []
    flags: list[Flag] = []
    pos = 0
    for m in _MOJI_START.finditer(text):
        p = m.start()
        if p < pos:
            continue
        if t.starts[p] in lost_chars:
            o_s, o_e = t.original_span(max(0, p - 1), min(len(text), p + 4))
            flags.append(
                Flag(
                    "mojibake-unrepaired",
                    f"a character lost in decoding at {text[max(0, p - 1) : p + 4]!r}",
                    o_s,
                    o_e,
                )
            )
            continue
        prev = text[p - 1] if p else ""
        if prev.isascii() and prev.isalnum():
            continue  # an ordinary question mark after Latin text or a number
        window = text[p + 1 : p + 1 + _WINDOW].split("\n", 1)[0]
        tries = 0
        for e in _MOJI_END.finditer(window):
            j = p + 1 + e.start()
            if j == p + 1:
                continue
            nxt = text[j + 1 : j + 2]
            if nxt and nxt.isascii() and nxt.isalnum():
                continue  # inside a Latin word or number, not a lone trail byte
            tries += 1
            fixed = _repair_run(text[p : j + 1], res)
            if fixed is not None:
                edits.append(Edit(p, j + 1, fixed))
                pos = j + 1
                break
            if tries >= 4:
                break
    for ed in edits:
        o_s, o_e = t.original_span(ed.start, ed.end)
        flags.append(
            Flag("mojibake-repaired", f"GBK shift {text[ed.start : ed.end]!r} -> {ed.text!r}", o_s, o_e)
        )
    t.apply(edits)
    return flags


# --------------------------------------------------------------------------- UTF-8 read as GBK

# a run of non-ASCII characters (with the '?'/U+FFFD a lossy decoder left for a byte it dropped)
_NON_ASCII_RUN = re.compile(r"(?:[^\x00-\x7f]|\?(?=[^\x00-\x7f]))+")
_LINE = re.compile(r"[^\n]+")
_FFFD_RUN = re.compile("\ufffd{2,}")
_HAN_RE = re.compile(f"[{HAN}]")


def _utf8_lead_length(b: int) -> int:
    return 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0


def _fill_lost_bytes(buf: bytearray, lost: list[int], res: ReadResources) -> None:
    """Each lost byte was a UTF-8 continuation byte: put back the one byte that makes a common
    character when exactly one does; otherwise mark it invalid (0xFF) so the character decodes to U+FFFD."""
    for pos in lost:
        start = pos
        while start > pos - 3 and start > 0 and 0x80 <= buf[start - 1] <= 0xBF:
            start -= 1
        if start > 0 and _utf8_lead_length(buf[start - 1]):
            start -= 1
        size = _utf8_lead_length(buf[start])
        found = []
        if size and start + size <= len(buf) and start + size > pos:
            for b in range(0x80, 0xC0):
                buf[pos] = b
                try:
                    ch = bytes(buf[start : start + size]).decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if ch in res.common:
                    found.append(b)
        buf[pos] = found[0] if len(found) == 1 else 0xFF


def _utf8_from_gbk_run(run: str, res: ReadResources) -> str | None:
    buf = bytearray()
    lost: list[int] = []
    for ch in run:
        if ch in "?\ufffd":
            lost.append(len(buf))
            buf.append(0x80)
            continue
        try:
            buf += ch.encode("gb18030")  # a superset of GBK: also undoes GB18030 four-byte readings
        except UnicodeEncodeError:
            return None
    _fill_lost_bytes(buf, lost, res)
    # one lost character may leave two replacement marks (its truncated start, the invalid byte)
    fixed = _FFFD_RUN.sub("\ufffd", bytes(buf).decode("utf-8", errors="replace"))
    # the evidence is that the bytes are valid UTF-8 (no new replacement marks) and read no worse
    if fixed.count("\ufffd") > len(lost) or _cost(fixed, res) > _cost(run, res) or fixed == run:
        return None
    return fixed


def repair_utf8_as_gbk(t: Tracked, res: ReadResources, *, min_rare: float = 0.3) -> list[Flag]:
    """Undo UTF-8 text that a scraper decoded as GBK (``鍦ㄧ淮涔熺撼`` -> ``在维也纳``).

    Only lines where at least ``min_rare`` of the Han characters are rare (outside GB2312 level 1
    and its Traditional forms) are tried; each run of non-ASCII characters is re-encoded to GBK,
    bytes a lossy decoder dropped (U+FFFD) are restored where one continuation byte makes a common
    character, and the UTF-8 reading replaces the run when it reads as more ordinary text.
    """
    text = t.text
    if not res.rare_re.search(text):
        return []
    edits: list[Edit] = []
    for line in _LINE.finditer(text):
        han = len(_HAN_RE.findall(line.group()))
        if han < 6 or len(res.rare_re.findall(line.group())) < min_rare * han:
            continue
        for m in _NON_ASCII_RUN.finditer(line.group()):
            fixed = _utf8_from_gbk_run(m.group(), res)
            if fixed is not None:
                edits.append(Edit(line.start() + m.start(), line.start() + m.end(), fixed))
    if not edits:
        return []
    o_s, _ = t.original_span(edits[0].start, edits[0].end)
    _, o_e = t.original_span(edits[-1].start, edits[-1].end)
    t.apply(edits)
    return [Flag("mojibake-repaired", f"UTF-8 read as GBK: {len(edits)} runs decoded again", o_s, o_e)]


_SUSPECT = re.compile(r"[\ufffd€]|(?<=[" + HAN + r"])\?(?=[" + HAN + r"a-zA-Z])")


def flag_unrepaired_mojibake(t: Tracked, res: ReadResources) -> list[Flag]:
    """Flag what still looks like mojibake: U+FFFD, €, '?' inside Han text, dense rare characters."""
    flags = []
    for m in _SUSPECT.finditer(t.text):
        o_s, o_e = t.original_span(max(0, m.start() - 2), min(len(t.text), m.end() + 4))
        flags.append(
            Flag(
                "mojibake-unrepaired", f"suspicious {t.text[max(0, m.start() - 2) : m.end() + 4]!r}", o_s, o_e
            )
        )
    # three characters outside GB2312 and its Traditional forms within eight: garbled bytes
    rare = [m.start() for m in res.rare_re.finditer(t.text)]
    i = 0
    while i + 2 < len(rare):
        if rare[i + 2] - rare[i] < 8:
            a, b = rare[i], rare[i + 2] + 1
            o_s, o_e = t.original_span(a, b)
            flags.append(Flag("mojibake-suspected", f"rare characters {t.text[a:b]!r}", o_s, o_e))
            i += 3
        else:
            i += 1
    return flags


# --------------------------------------------------------------------------- punctuation

_PUNCT_RUN = re.compile(r"[,，、。;；!！?？:：]{2,}")
_COMMAS = frozenset(",，")
_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"})
_CTX = f"[{HAN}{CPUNCT}]"
_HALF_IN_HAN = re.compile(rf"(?<={_CTX})[,;:!?()]|[,;!?()](?={_CTX})|(?<![0-9]):(?={_CTX})")
# a pair of ASCII double quotes on one line: Chinese typography uses “ ”
_ASCII_QUOTED = re.compile(r'"([^"\n]{1,200})"')
_HAN_CHAR = re.compile(f"[{HAN}]")
_PERIOD = re.compile(rf"(?<=[{HAN}])\.(?=$|[{HAN}“”‘’\n])", re.MULTILINE)


@functools.lru_cache(maxsize=1024)
def _run_deletions(run: str) -> tuple[tuple[int, int], ...]:
    """Punctuation to delete from a run: all commas but one, or every comma beside a stronger mark."""
    if all(ch in _COMMAS for ch in run):
        return ((1, len(run)),)
    out = []
    kept_prev = ""
    for i, ch in enumerate(run):
        key = ch.translate(_FULL)
        if ch in _COMMAS or key == kept_prev:
            out.append((i, i + 1))
        else:
            kept_prev = key
    return tuple(out)


def fix_punctuation(t: Tracked) -> int:
    """Collapse doubled/displaced punctuation and restore full-width marks inside Chinese text.

    ``,,`` -> ``，``; ``,、`` ``,。`` ``,;`` ``,!`` ``?,`` keep the stronger mark;
    ASCII ``, ; : ! ? ( )`` next to Han characters or Chinese punctuation become full-width.
    """
    text = t.text
    edits: list[Edit] = []
    for m in _PUNCT_RUN.finditer(text):
        s = m.start()
        before = text[s - 1] if s else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before.isascii() and after.isascii() and before.strip() and after.strip():
            continue  # between Latin text: leave it
        for a, b in _run_deletions(m.group()):
            edits.append(Edit(s + a, s + b))
    t.apply(edits)
    n = len(edits)
    text = t.text
    if _HALF_IN_HAN.search(text):
        t.replace_same_length(_HALF_IN_HAN.sub(lambda m: m.group().translate(_FULL), text))
        n += 1
    if _PERIOD.search(t.text):
        t.replace_same_length(_PERIOD.sub("。", t.text))
        n += 1
    if '"' in t.text:
        t.replace_same_length(_ASCII_QUOTED.sub(_curly, t.text))
    return n


def _curly(m: re.Match[str]) -> str:
    inner = m.group(1)
    # only quotations in Chinese text: Han inside, or Han right outside
    s, e = m.start(), m.end()
    text = m.string
    han_near = (
        _HAN_CHAR.search(inner)
        or (s and _HAN_CHAR.match(text[s - 1]))
        or (e < len(text) and _HAN_CHAR.match(text[e]))
    )
    return f"“{inner}”" if han_near else m.group()


# --------------------------------------------------------------------------- chrome and spam

_COPYRIGHT = re.compile(
    r"版权所有|版权声明|©|\(c\)\s*\d{4}|copyright|all rights reserved|icp[备证]|公网安备|网安备|"
    r"未经(?:本[网站台报])?(?:书面)?(?:授权|许可|同意)|(?:禁止|不得|严禁|谢绝)(?:任何)?(?:转载|复制|镜像)|"
    r"主办单位|承办单位|主办[:：]|承办[:：]|技术支持[:：]|网站标识码|网站地图|联系我们|关于我们|"
    r"设为首页|加入收藏|免责声明|隐私政策|经营许可证|新闻信息服务许可|广播电视节目制作",
    re.IGNORECASE,
)
# a statement that opens with one of these is a page footer however long it is
_FOOTER_HEAD = re.compile(
    r"^\s*[【\[]?(?:版权声明|免责声明|特别声明|郑重声明|法律声明|转载声明|版权所有|"
    r"copyright|©|notice\s*[:：]|disclaimer)",
    re.IGNORECASE,
)
_HOTLINE = re.compile(
    r"举报(?:电话|邮箱|专区|中心|方式)|违法(?:和|与)不良信息|不良信息举报|互联网违法|"
    r"投诉(?:电话|邮箱)|涉未成年人|网络谣言|(?:监督|热线)电话[:：]"
)
_TOOLS = re.compile(
    r"^[【\[]?(?:打印|关闭|收藏|打印本页|关闭窗口|返回顶部|返回首页|字体|字号|分享|纠错|"
    r"我要纠错|查看原文)[】\]]?|分享到|扫一扫|扫码|手机版|上一篇|下一篇|"
    r"(?:浏览|点击|阅读|访问)(?:次数|量|数|人次)[:：]|【字体|字号[:：]|^(?:返回|top|TOP|更多)$|"
    r"^[【\[](?:大|中|小)[】\]]|^(?:大|中|小)字号$|智能朗读|语音播报|分享让更多人看到|"
    r"关注.{0,12}(?:微信|微博|公众号|客户端|抖音)|微信公众号|官方微博|官方微信|官方抖音|扫码关注|下载客户端|客户端下载|"
    r"^欢迎(?:访问|光临|来到)|^(?:图集|视频|音频|图片|专题|推荐|评论|评分|文章导航|返回目录|网友评论|我要评论)$"
)
_BREADCRUMB_HEAD = re.compile(r"^(?:当前位置|您的位置|您现在的位置|现在位置|所在位置|位置)[:：]")
_CRUMB_SEP = re.compile(r">>|>|»|›|→|＞|/")
# a short line with no words: page numbers, bare dates and times, separators (-2021-, 10/24, 03:03, 1)
_FRAGMENT = re.compile(r"^[\d\s\-/:.|·•_=*#~>＞()（）【】\[\]]{1,16}$")
_URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
_NAV_BAR = re.compile(r"[|｜丨•]")
_NAV_WORDS = frozenset(
    [
        "首页",
        "主页",
        "新闻",
        "要闻",
        "时政",
        "本地",
        "国内",
        "国际",
        "政务",
        "专题",
        "视频",
        "图片",
        "评论",
        "财经",
        "体育",
        "娱乐",
        "科技",
        "教育",
        "健康",
        "文旅",
        "旅游",
        "民生",
        "社会",
        "房产",
        "汽车",
        "公益",
        "女性",
        "商业",
        "企业",
        "登录",
        "注册",
        "搜索",
        "更多",
        "频道",
        "网站首页",
    ]
)
_NAV_SEP = re.compile(r"[\s|｜丨·•/]+")
_SENTENCE_PUNCT = re.compile(r"[，。！？；,!?;]")
_RELATED_HEAD = re.compile(
    r"^[【\[■●◆▶>]*\s*(?:相关(?:新闻|阅读|链接|报道|文章|推荐|稿件)|推荐阅读|延伸阅读|热点推荐|热点新闻|"
    r"猜你喜欢|热门(?:文章|推荐|新闻|阅读)|更多(?:新闻|阅读|精彩)|往期回顾|精彩推荐|图片新闻|最新(?:新闻|文章)|"
    r"今日推荐|编辑推荐|新闻排行|排行榜|点击排行|热门排行|热点排行|阅读排行)\s*[】\]]?\s*[:：]?\s*$"
)
_LIST_ITEM = re.compile(r"^(?:[·•●◆■\-*>]|\d{1,2}[.、.]|[【\[])")
_DATE_TAIL = re.compile(r"\d{4}[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?\s*$|\d{1,2}[-/]\d{1,2}\s*$")


def _is_prose(line: str) -> bool:
    return len(line) > 60 and len(_SENTENCE_PUNCT.findall(line)) >= 2


def _is_nav(line: str) -> bool:
    bars = _NAV_BAR.findall(line)
    if len(bars) >= 8:
        # a long bar-separated list of short items (menus, SEO lists of place names) whatever else it holds
        items = [x.strip() for x in _NAV_BAR.split(line) if x.strip()]
        return sum(len(x) <= 8 for x in items) >= 0.9 * len(items)
    if len(line) > 100 or _SENTENCE_PUNCT.search(line):
        return False
    tokens = [x for x in _NAV_SEP.split(line) if x]
    if len(tokens) < 4 or any(len(x) > 6 for x in tokens):
        return False
    # a list of four or five short words separated only by spaces may be names in a caption:
    # a menu has bar separators, a typical menu word, or many entries
    return bool(_NAV_BAR.search(line)) or len(tokens) >= 6 or any(x in _NAV_WORDS for x in tokens)


def _crumbs(line: str) -> list[str]:
    """The segments of a breadcrumb line, without the spaces around its separators."""
    pieces = _CRUMB_SEP.split(line)
    out = []
    for i, piece in enumerate(pieces):
        if i > 0:
            piece = piece.lstrip()
        if i < len(pieces) - 1:
            piece = piece.rstrip()
        out.append(piece)
    return out


def _is_breadcrumb(line: str) -> bool:
    if len(line) > 120:
        return False
    if _BREADCRUMB_HEAD.search(line):
        return True
    parts = [x for x in _crumbs(line) if x]
    if (
        len(parts) >= 2
        and re.search(r">>|»|›|＞＞", line)
        and not _SENTENCE_PUNCT.search(line)
        and all(len(x) <= 12 for x in parts)
    ):
        return True
    if len(parts) < 3 or any(len(x) > 12 for x in parts[:-1]):
        return False
    # 首页 > 新闻 > 正文, or any three short segments joined by '>' (site > channel > column)
    return bool(re.match(r"(?:网站)?首页|主页|home", parts[0], re.IGNORECASE)) or (
        not _SENTENCE_PUNCT.search(line) and len(re.findall(r"[>＞»›→]", line)) >= 2
    )


def _chrome_kind(line: str, res: ReadResources) -> str | None:
    """Why a whole line is site chrome or spam, or None when it is body text."""
    if _FOOTER_HEAD.match(line):
        return "chrome-footer"
    # prose (a long line with sentence marks) is never chrome, whatever words it contains
    if len(line) <= 160 and _COPYRIGHT.search(line) and not _is_prose(line):
        return "chrome-footer"
    if len(line) <= 160 and _HOTLINE.search(line) and not _is_prose(line):
        return "chrome-hotline"
    if len(line) <= 40 and _TOOLS.search(line) and not re.search(r"[。！？]", line):
        return "chrome-tools"
    if _URL_LINE.match(line):
        return "chrome-link"
    if _FRAGMENT.match(line):
        return "chrome-fragment"
    if _is_breadcrumb(line):
        return "chrome-breadcrumb"
    if _is_nav(line):
        return "chrome-nav"
    if res.spam_re.search(line):
        hits = res.spam_re.findall(line)
        distinct = {h.lower() for h in hits}
        covered = sum(len(h) for h in hits)
        if len(distinct) >= 3 or (len(distinct) >= 2 and covered * 3 >= len(line)):
            return "spam-removed"
    return None


def _headline_like(line: str) -> bool:
    return (
        len(line) <= 60
        and not re.search(r"[。！？!?]", line[:-1])
        and (bool(_LIST_ITEM.match(line)) or bool(_DATE_TAIL.search(line)) or "，" not in line)
    )


# chrome kinds of a line that may also carry the article's byline (a metadata or tool bar with 撰稿：张三)
_BYLINE_MAY_STAND_IN = frozenset({"chrome-nav", "chrome-tools", "chrome-footer"})
_BYLINE_ROLES = frozenset({"reporter", "author", "special_correspondent", "correspondent", "photographer"})


def _carries_byline(line: str) -> bool:
    """The line names a reporter, author or photographer of the article (not only an editor)."""
    from kg.read.credits import read_credits

    return any(c.role.value in _BYLINE_ROLES for c in read_credits(line))


def remove_chrome(t: Tracked, res: ReadResources, *, also: Tracked | None = None) -> list[Flag]:
    """Remove lines of site chrome and spam, related-news lists, and a slogan glued to every paragraph.

    ``also`` is a parallel text of the same length (the Traditional form) that gets the same edits.
    """
    text = t.text
    edits: list[Edit] = []
    flags: list[Flag] = []
    lines = text.split("\n")
    pos = 0
    in_related = False
    spans: list[tuple[int, int, str]] = []  # kept lines: start, end, text
    for line in lines:
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        kind = None
        if _RELATED_HEAD.match(line):
            kind, in_related = "chrome-related", True
        elif in_related and _headline_like(line):
            kind = "chrome-related"
        else:
            in_related = False
            kind = _chrome_kind(line, res)
            if kind in _BYLINE_MAY_STAND_IN and _carries_byline(line):
                kind = None   # 某报记者 张三/文 …, 来源：某网 撰稿：张三 浏览次数: the article's byline is kept
        if kind:
            edits.append(Edit(start, min(pos, len(text))))
            o_s, o_e = t.original_span(start, end)
            flags.append(Flag(kind, f"removed {line[:40]!r}", o_s, o_e))
        else:
            spans.append((start, end, line))
    edits.extend(_glued_suffix_edits(spans, t, flags))
    edits.sort(key=lambda e: e.start)
    t.apply(edits)
    if also is not None:
        also.apply(edits)
    return flags


def _glued_suffix_edits(spans: list[tuple[int, int, str]], t: Tracked, flags: list[Flag]) -> list[Edit]:
    """A site name + slogan appended to the end of (almost) every paragraph: cut it off."""
    long_lines = [s for s in spans if len(s[2]) >= 12]
    if len(long_lines) < 3:
        return []
    ends = Counter(s[2][-4:] for s in long_lines)
    tail, count = ends.most_common(1)[0]
    if count < 3 or count * 5 < len(long_lines) * 2:
        return []
    same = [s for s in long_lines if s[2].endswith(tail)]
    k = 4
    while k < 40 and all(len(s[2]) > k + 4 for s in same) and len({s[2][-(k + 1) :] for s in same}) == 1:
        k += 1
    suffix = same[0][2][-k:]
    if sum(1 for ch in suffix if re.match(f"[{HAN}]", ch)) < 3:
        return []
    # a sentence ending is body, not slogan
    suffix = suffix.lstrip("。！？!?”’)）")
    edits = []
    for start, end, line in same:
        cut = end - len(suffix)
        # also take the separator (space, dash, vertical bar) in front of the slogan
        while cut > start and line[cut - start - 1] in " \t|｜-—_":
            cut -= 1
        edits.append(Edit(cut, end))
    o_s, _ = t.original_span(edits[0].start, edits[0].end)
    _, o_e = t.original_span(edits[-1].start, edits[-1].end)
    flags.append(
        Flag("chrome-glued-slogan", f"removed {suffix!r} from the end of {len(edits)} paragraphs", o_s, o_e)
    )
    return edits
