"""Property tests of the offset map: every normalised span maps back into the original."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.read import normalize
from kg.read.edits import Edit, Tracked

# alphabets that exercise every repair: Han (Simplified and Traditional), pinyin with tones,
# ASCII and full-width punctuation, quotes, brackets, mojibake markers, whitespace, line breaks
PIECES = st.sampled_from(
    [
        "網(wǎng)",
        "區(qū)",
        "鄉(xiāng)鎮(zhèn)",
        "(特約記者 余少林)",
        ",,",
        ",、",
        ",。",
        ",;",
        ",!",
        "?,",
        "?!蔽膸X",
        "?!薄按蠹冶3忠幻拙€",
        "€",
        "?",
        "\ufffd",
        "隨著",
        "疫情防控",
        "社区",
        "干部",
        "“",
        "”",
        "。",
        "！",
        "？",
        "（",
        "）",
        "(",
        ")",
        " ",
        "\u3000",
        "\n",
        "\r\n",
        "\n\n",
        "\t",
        "首页 | 新闻 | 政务 | 专题 | 视频",
        "版权所有",
        "关闭",
        "相关新闻",
        "王圣洁 摄",
        "编辑：张三",
        "2022-04-18",
        "abc",
        "123",
        "长乐新闻网讯",
        "\u200b",
        "\ufeff",
    ]
)
TEXTS = st.one_of(
    st.lists(PIECES, max_size=40).map("".join),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXTS)
def test_every_span_maps_into_the_original(raw: str) -> None:
    a = normalize(raw, source="prop")
    om = a.offsets
    assert len(om) == len(a.text)
    n = len(a.text)
    prev_s = prev_e = 0
    for i in range(n):
        s, e = om.to_original(i, i + 1)
        assert 0 <= s <= e <= len(raw)
        assert s >= prev_s and e >= prev_e  # monotone: repairs never reorder text
        prev_s, prev_e = s, e
    for span in (*a.sentences, *a.paragraphs):
        s, e = om.to_original(span.start, span.end)
        assert 0 <= s <= e <= len(raw)
        assert (e > s) or not a.text[span.start : span.end].strip()


_FOLDED = str.maketrans(
    {
        ",": "，",
        ";": "；",
        ":": "：",
        "!": "！",
        "?": "？",
        "(": "（",
        ")": "）",
        ".": "。",
        "\t": " ",
        "\u3000": " ",
        "\u00a0": " ",
        "\r": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\u0085": "\n",
        # the other line separators of str.splitlines (form feed, vertical tab, file/group/record separators)
        "\x0b": "\n",
        "\x0c": "\n",
        "\x1c": "\n",
        "\x1d": "\n",
        "\x1e": "\n",
    }
)


@SETTINGS
@given(TEXTS)
def test_unrepaired_characters_map_to_themselves(raw: str) -> None:
    """A character mapped to exactly one original character is that character, or its
    documented normalisation (full-width punctuation, a folded space or line break)."""
    a = normalize(raw, source="prop")
    base = a.text_traditional if a.text_traditional is not None else a.text
    for i, ch in enumerate(base):
        s, e = a.offsets.to_original(i, i + 1)
        if e - s == 1:
            assert ch == raw[s] or ch == raw[s].translate(_FOLDED), (i, ch, raw[s])


@SETTINGS
@given(st.lists(PIECES, max_size=30).map("".join))
def test_han_characters_survive_in_place(raw: str) -> None:
    """Han characters outside repaired runs map to an identical original character."""
    a = normalize(raw, source="prop")
    base = a.text_traditional if a.text_traditional is not None else a.text
    repaired = [(f.start, f.end) for f in a.flags if f.kind == "mojibake-repaired"]
    for i, ch in enumerate(base):
        if not ("\u4e00" <= ch <= "\u9fff"):
            continue
        s, e = a.offsets.to_original(i, i + 1)
        if any(rs <= s and e <= re for rs, re in repaired):
            continue
        assert raw[s:e] == ch


@given(st.text(max_size=60), st.data())
@settings(max_examples=200, deadline=None)
def test_tracked_edits_compose(text: str, data: st.DataObject) -> None:
    """Random edits, applied twice over, keep a map whose spans cover what they replaced."""
    t = Tracked(text)
    for _ in range(2):
        n = len(t.text)
        cuts = sorted(data.draw(st.lists(st.integers(0, n), max_size=6)))
        edits = []
        for a, b in zip(cuts[::2], cuts[1::2], strict=False):
            edits.append(Edit(a, b, data.draw(st.text(alphabet="xy", max_size=3))))
        t.apply(edits)
        assert len(t.starts) == len(t.ends) == len(t.text)
    for i in range(len(t.text)):
        s, e = t.original_span(i, i + 1)
        assert 0 <= s <= e <= len(text)
        if e - s == 1 and t.text[i] not in "xy":
            assert text[s] == t.text[i]
