"""Property tests over reading, repair, normalisation and extraction on generated text.

Generated: Han (Simplified and Traditional) names and genre words, pinyin glosses (``網(wǎng)``),
doubled punctuation, mojibake bytes, control characters, random separators, very long
lines; as text and as bytes in UTF-8, GB18030 and Big5 with noise. Checked:

* nothing raises but the project's own errors for bad input (``KGError``);
* every extraction finishes within a generous linear bound of CPU time (a backtracking
  pattern takes seconds to hours on such text);
* every fact's evidence is exactly the text at its offsets in the normalised text, and its
  original offsets are the span the offset map gives, inside the original text; on text
  the repair stage left alone the original slice is the evidence itself.

The number of examples comes from the Hypothesis profile: ``ci`` (the default, a few
hundred examples in all) or ``campaign`` (``make fuzz``: ``bench/fuzz_campaign.py``).
"""
from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from kg.errors import KGError
from kg.extract import build_pipeline, extract
from kg.read import default_resources, normalize
from kg.read.readers import read_text
from kg.records import Article, Extraction, ReadFailure

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳司马"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建国红梅志文斌海燕玉晓东雪峰春"
WORDS = [
    "记者", "通讯员", "摄", "摄影", "报道", "本报讯", "编辑：", "（记者 ", "文/", "图/", "特约记者",
    "社区", "党支部", "临时党支部", "下沉", "志愿者", "派驻", "担任", "书记", "第一书记", "队长", "驻村工作队",
    "四川省", "成都市", "武侯区", "街道", "镇", "村", "卫生院", "疫情防控", "核酸检测", "值守", "来到", "支援",
    "3月5日", "2022年4月18日", "当天", "人民医院", "工作组", "指挥部", "等", "名", "同志", "他", "她", "一线",
    # Traditional script and pinyin glosses, as scraped pages carry them
    "記者", "通訊員", "攝影", "區", "縣", "鎮", "幹部", "黨員", "誌願者", "網(wǎng)", "區(qū)", "鄉(xiāng)鎮(zhèn)",
    # damage: mojibake of UTF-8 read as GBK, replacement characters, invisible characters
    "鏂伴椈", "缃戠珯", "?!蔽膸X", "\ufffd", "\u200b", "\ufeff", "€",
]
SEPARATORS = ["、", "，", ",", "；", ";", "/", "／", "和", "及", "与", " ", "\u3000", "\t", "·", "|", "：", "", "\n"]
PUNCT = ["。", "！", "？", "，", "、", "；", "：", "“", "”", "（", "）", "(", ")", "《", "》", "【", "】", "…", "—"]
CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x0c", "\r\n", "\r"]

names = st.builds(lambda s, g: s + g, st.sampled_from(list(SURNAMES)),
                  st.text(alphabet=GIVEN, min_size=1, max_size=2))
name_lists = st.builds(lambda ns, sep: sep.join(ns), st.lists(names, min_size=1, max_size=12),
                       st.sampled_from(SEPARATORS))
han = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=30)
doubled = st.sampled_from(PUNCT).map(lambda p: p * 2)
long_line = st.builds(lambda piece, n: piece * n, st.one_of(name_lists, han, st.sampled_from(WORDS)),
                      st.integers(min_value=20, max_value=300))
PIECE = st.one_of(
    st.sampled_from(WORDS), names, name_lists, han, st.sampled_from(PUNCT), doubled, st.sampled_from(SEPARATORS),
    st.sampled_from(CONTROLS), long_line,
)
TEXTS = st.lists(PIECE, min_size=1, max_size=40).map("".join)
# clean text: what the repair stage leaves as it is (Simplified, full-width punctuation, single spaces)
CLEAN_PIECE = st.one_of(
    st.sampled_from([w for w in WORDS[:48] if w.strip() == w]), names,
    st.builds(lambda ns: "、".join(ns), st.lists(names, min_size=1, max_size=6)),
    st.sampled_from(["。", "，", "！", "？", "、", "：", "\n"]),
)
CLEAN = st.lists(CLEAN_PIECE, min_size=1, max_size=40).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "gb18030", "big5", "utf-8-sig"])

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
# per property test: ``ci`` keeps the suite fast; ``campaign`` is the long run of ``make fuzz``
settings.register_profile("fuzz-ci", max_examples=60, deadline=None, suppress_health_check=_HEALTH)
settings.register_profile("fuzz-campaign", max_examples=int(os.environ.get("KG_FUZZ_EXAMPLES", "25000")),
                          deadline=None, suppress_health_check=_HEALTH, print_blob=True)
PROFILE = settings(settings.get_profile(os.environ.get("KG_FUZZ_PROFILE", "fuzz-ci")))


def _bound(chars: int) -> float:
    """CPU seconds an extraction may take: 20x the measured cost per character, plus a fixed part."""
    return 5.0 + chars * 1e-3


@pytest.fixture(scope="module")
def pipeline() -> Language:
    return build_pipeline()


def _check_evidence(article: Article, extraction: Extraction) -> None:
    # the extraction's article: its text reads 「」 as “” (same length, same offsets)
    text, raw, offsets = extraction.article.text, article.raw, article.offsets
    assert len(text) == len(article.text)
    untouched = not article.flags and not article.is_traditional and raw == text
    for fact in extraction.facts:
        ev = fact.evidence
        if ev is None:
            continue
        assert text[ev.start:ev.end] == ev.text, fact
        assert 0 <= ev.orig_start <= ev.orig_end <= len(raw), fact
        assert (ev.orig_start, ev.orig_end) == offsets.to_original(ev.start, ev.end), fact
        for i in range(ev.start, ev.end):
            s, e = offsets.to_original(i, i + 1)
            assert ev.orig_start <= s <= e <= ev.orig_end, (fact, i)
        if untouched:
            assert raw[ev.orig_start:ev.orig_end] == ev.text, fact
        if fact.evidence and fact.evidence.trigger:
            assert fact.evidence.trigger in ev.text or fact.derived, fact


def _extract_within_bound(article: Article, nlp: Language) -> Extraction:
    t0 = time.process_time()
    try:
        result = extract(article, nlp=nlp)
    except KGError:
        raise
    spent = time.process_time() - t0
    assert spent <= _bound(len(article.text)), f"{len(article.text)} characters took {spent:.1f} s of CPU time"
    return result


@PROFILE
@given(TEXTS)
def test_normalise_never_raises_and_maps_every_character(raw: str) -> None:
    try:
        article = normalize(raw, source="fuzz.txt")
    except KGError:
        return
    assert len(article.offsets) == len(article.text)
    last = 0
    for i in range(len(article.text)):
        s, e = article.offsets.to_original(i, i + 1)
        assert 0 <= s <= e <= len(raw) and s >= last
        last = s
    for f in article.flags:
        assert f.start == -1 or 0 <= f.start <= f.end <= len(raw), f
    assert not any(ch in article.text for ch in "\x00\x07\x1b\x7f")   # control characters are stripped
    for c in article.credits:
        assert article.text[c.start:c.end] or c.start == c.end


@PROFILE
@given(TEXTS, ENCODINGS, st.binary(max_size=8), st.integers(min_value=0, max_value=400))
def test_reading_bytes_never_raises_but_project_errors(text: str, encoding: str, noise: bytes, at: int) -> None:
    data = text.encode(encoding, errors="replace")
    data = data[:at] + noise + data[at:]
    try:
        items = list(read_text(data, "fuzz.txt", default_resources()))
    except KGError:
        return
    for item in items:
        assert isinstance(item, Article | ReadFailure)


@PROFILE
@given(TEXTS)
def test_extraction_of_damaged_text_is_bounded_and_its_evidence_exact(pipeline: Language, raw: str) -> None:
    try:
        article = normalize(raw, source="fuzz.txt")
    except KGError:
        return
    try:
        extraction = _extract_within_bound(article, pipeline)
    except KGError:
        return
    _check_evidence(article, extraction)


@PROFILE
@given(CLEAN)
def test_extraction_of_clean_text_points_at_its_evidence_in_the_original(pipeline: Language, raw: str) -> None:
    article = normalize(raw, source="fuzz.txt")
    assume(article.text == raw)   # the repair stage changed nothing (no edge spaces, blank lines)
    extraction = _extract_within_bound(article, pipeline)
    _check_evidence(article, extraction)
    for entity in extraction.entities:
        for m in entity.mentions:
            assert extraction.article.text[m.start:m.end] == m.text, (entity, m)
