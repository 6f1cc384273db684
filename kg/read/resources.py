"""Heavy, read-only objects of the reading stage, built once and passed in.

``ReadResources`` holds the OpenCC converters, the character classes used to
judge whether a stretch of text "reads as ordinary Chinese" (GB2312 level-1/2
characters and their Traditional forms) and the spam keyword lexicon.
``default_resources()`` builds them once per process.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import opencc

from kg.datafiles import lexicon_dir
from kg.errors import ConfigError

LEXICON_DIR = lexicon_dir()


# the punctuation news text actually uses (the rest of GB2312's symbol rows is rare: ∶ ∵ ♂ ...)
NEWS_SYMBOLS = "。，、；：？！“”‘’（）《》〈〉【】—…·「」『』〔〕\u3000" + "".join(
    chr(c) for c in range(0xFF01, 0xFF5F) if not chr(c).isalpha()
)


def _gb2312_level(lead_lo: int, lead_hi: int) -> str:
    """All characters of GB2312 rows ``lead_lo..lead_hi`` (inclusive)."""
    chars = []
    for lead in range(lead_lo, lead_hi + 1):
        for trail in range(0xA1, 0xFF):
            try:
                chars.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


@dataclass(frozen=True)
class ReadResources:
    """Converters and lexicons of the reading stage."""

    t2s: opencc.OpenCC  # Traditional (Taiwan standard) -> Simplified
    common: frozenset[str]  # level-1 hanzi, their Traditional forms, CJK/full-width symbols
    known: frozenset[str]  # ``common`` plus level-2 hanzi and their Traditional forms
    simplified: frozenset[str]  # GB2312 hanzi (level 1 and 2): the Simplified character set
    spam_keywords: tuple[str, ...]
    spam_re: re.Pattern[str]
    rare_re: re.Pattern[str]  # one Han character outside ``known``
    traditional_re: re.Pattern[str]  # one Traditional-only character (tw2s changes it, not in GB2312)
    pinyin_syllables: frozenset[str]  # the toneless pinyin syllables (``is_pinyin_word``)
    variants: dict[int, str] = field(default_factory=dict)  # str.translate table: variant -> standard form
    # memo of gloss -> is it pinyin (glosses repeat: 網(wǎng) on every line); a cache, not state
    pinyin_memo: dict[str, bool] = field(default_factory=dict, compare=False, hash=False)


def is_pinyin_word(word: str, syllables: frozenset[str], *, longest: int = 6) -> bool:
    """``word`` is one or more pinyin syllables written together (``xian`` = xian or xi'an).

    A loop over the positions a syllable can end at (linear in the length): the pattern
    ``(?:syllable|...)+`` tried every way of cutting a long run of letters that is no pinyin."""
    n = len(word)
    reach = [False] * (n + 1)
    reach[0] = True
    for i in range(n):
        if reach[i]:
            for size in range(1, min(longest, n - i) + 1):
                if word[i:i + size] in syllables:
                    reach[i + size] = True
    return n > 0 and reach[n]


def _class_of(codepoints: list[int]) -> str:
    """A regex character class body for sorted code points, as ranges."""
    parts = []
    i = 0
    while i < len(codepoints):
        j = i
        while j + 1 < len(codepoints) and codepoints[j + 1] == codepoints[j] + 1:
            j += 1
        a, b = codepoints[i], codepoints[j]
        parts.append(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}")
        i = j + 1
    return "".join(parts)


_HAN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def load_word_list(path: Path) -> tuple[str, ...]:
    """Read a word list: one entry per line, ``#`` comments."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return tuple(words)


def build_resources(lexicon_dir: Path = LEXICON_DIR) -> ReadResources:
    """Build the resources from the bundled lexicons (a few tens of milliseconds)."""
    level1 = _gb2312_level(0xB0, 0xD7)
    level2 = _gb2312_level(0xD8, 0xF7)
    symbols = _gb2312_level(0xA1, 0xA3)
    t2s = opencc.OpenCC("tw2s")
    han = "".join(chr(c) for lo, hi in _HAN_BLOCKS for c in range(lo, hi + 1))
    # one character per line so that no phrase rule applies: each character's own Simplified form
    simplified_of = dict(zip(han, t2s.convert("\n".join(han)).split("\n"), strict=True))
    set1, set2 = set(level1), set(level2)
    simplified = set1 | set2
    # a character whose Simplified form is a level-1 (level-2) character counts as such
    trad1 = {ch for ch, simp in simplified_of.items() if simp in set1}
    trad2 = {ch for ch, simp in simplified_of.items() if simp in set2}
    common = set1 | trad1 | set(NEWS_SYMBOLS)
    known = common | set2 | trad2 | set(symbols)
    spam = load_word_list(lexicon_dir / "spam_keywords.txt")
    spam_re = re.compile("|".join(re.escape(w) for w in sorted(spam, key=len, reverse=True)), re.IGNORECASE)
    syllables = load_word_list(lexicon_dir / "pinyin_syllables.txt")
    rare = [c for lo, hi in _HAN_BLOCKS for c in range(lo, hi + 1) if chr(c) not in known]
    traditional = sorted(ord(ch) for ch, simp in simplified_of.items() if simp != ch and ch not in simplified)
    variants = {}
    for line in load_word_list(lexicon_dir / "variants.tsv"):
        variant, standard = line.split("\t")
        if len(variant) != 1 or len(standard) != 1:
            raise ConfigError(f"{lexicon_dir / 'variants.tsv'}: one character for one, not {line!r}")
        variants[ord(variant)] = standard
    return ReadResources(
        t2s=t2s,
        variants=variants,
        common=frozenset(common),
        known=frozenset(known),
        simplified=frozenset(simplified),
        spam_keywords=spam,
        spam_re=spam_re,
        rare_re=re.compile(f"[{_class_of(rare)}]"),
        traditional_re=re.compile(f"[{_class_of(traditional)}]"),
        pinyin_syllables=frozenset(syllables),
    )


@functools.lru_cache(maxsize=1)
def default_resources() -> ReadResources:
    """The resources built from the bundled lexicons, once per process."""
    return build_resources()
