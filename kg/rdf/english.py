"""English labels from data tables and Hanyu Pinyin, never machine translation.

* People: capitalised pinyin, surname first, the given name's syllables joined (``王小明`` -> ``Wang
  Xiaoming``; compound surnames and surnames with their own reading from the tables: ``欧阳``, ``单`` ->
  ``Shan``), with an apostrophe before a syllable that opens with a, o or e (``Xi'an``), after
  GB/T 28039-2011. ``tones=True`` gives the tone-marked form (``Chén Yànlíng``).
* Places: the stem in pinyin and the suffix translated (``城南区`` -> ``Chengnan District``).
* Organisations and posts: the name cut into the longest terms of the glossary, each term in English,
  the rest (proper names) in pinyin, a leftover ending in a division suffix rendered as a place
  (``城南区委组织部`` -> ``Chengnan District Party Committee Organisation Department``).

The tables are ``data/labels/*.tsv`` (see ``data/labels/SOURCES.md``); correcting a rendering means
editing a table. A one-character glossary term (局, 办, 委 ...) only counts at the end of a name, so it
never cuts a proper name in two.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from kg.datafiles import data_dir
from kg.errors import ConfigError
from kg.read.lists import is_han
from kg.records import Entity, EntityType

SMALL_WORDS = frozenset({"and", "of", "for", "the", "under", "with", "in", "a", "an"})
VOWELS = "aoeāáǎàōóǒòēéěè"


@dataclass(frozen=True, slots=True)
class EnglishTables:
    glossary: dict[str, str]
    longest_term: int
    place_suffixes: tuple[tuple[str, str], ...]      # longest first
    compound_surnames: frozenset[str]
    readings: dict[str, tuple[str, str]]             # surname -> (toneless, tone-marked)
    proper_readings: dict[str, tuple[str, str]]      # character of a place or unit name -> readings
    ethnic: tuple[tuple[str, str], ...] = ()         # nationality names in autonomous divisions, longest first


def _rows(path: Path, width: int) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"label table {path} could not be read: {exc}") from exc
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != width or not all(c.strip() for c in cells):
            raise ConfigError(f"{path.name}:{n}: expected {width} tab-separated cells, found {line!r}")
        rows.append([c.strip() for c in cells])
    return rows


@functools.lru_cache(maxsize=4)
def load_tables(folder: Path | None = None) -> EnglishTables:
    """Read the label tables once (``data/labels`` by default)."""
    folder = folder or data_dir() / "labels"
    glossary = {term: english for term, english in _rows(folder / "en_glossary.tsv", 2)}
    suffixes = sorted(((s, e) for s, e in _rows(folder / "en_place_suffixes.tsv", 2)),
                      key=lambda r: len(r[0]), reverse=True)
    readings = {s: (plain, toned) for s, plain, toned in _rows(folder / "surname_readings.tsv", 3)}
    proper = {c: (plain, toned) for c, plain, toned in _rows(folder / "proper_readings.tsv", 3)}
    surnames_file = data_dir() / "lexicons" / "surnames.txt"
    words = [w for line in _rows_plain(surnames_file) for w in line.split()]
    compound = frozenset(w for w in words if len(w) == 2) | frozenset(s for s in readings if len(s) == 2)
    ethnic = tuple(sorted(((n, e) for n, e in _rows(folder / "en_ethnic.tsv", 2)), key=lambda r: len(r[0]),
                          reverse=True))
    return EnglishTables(glossary, max(map(len, glossary)), tuple(suffixes), compound, readings, proper, ethnic)


def _rows_plain(path: Path) -> list[str]:
    try:
        return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    except OSError as exc:
        raise ConfigError(f"lexicon {path} could not be read: {exc}") from exc


def join_syllables(syllables: list[str]) -> str:
    """Syllables written as one word, with an apostrophe before a/o/e after the first (``xi'an``)."""
    out = ""
    for i, s in enumerate(syllables):
        if i and s and s[0].lower() in VOWELS:
            out += "'"
        out += s
    return out


def _syllables(text: str, *, tones: bool, readings: dict[str, tuple[str, str]] | None = None) -> list[str]:
    found = [s for s in lazy_pinyin(text, style=Style.TONE if tones else Style.NORMAL) if s.strip()]
    if readings and len(found) == len(text):      # one syllable a character: apply the name readings
        found = [readings[ch][1 if tones else 0] if ch in readings else s for ch, s in zip(text, found, strict=True)]
    return found


def proper_name(text: str, *, tones: bool = False, tables: EnglishTables | None = None) -> str:
    """A place or unit name in pinyin, one capitalised word per run of Han characters (``城南`` -> ``Chengnan``)."""
    readings = (tables or load_tables()).proper_readings
    words: list[str] = []
    for piece in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\s\u3400-\u9fff\uf900-\ufaff]+", text):
        if is_han(piece[0]):
            word = join_syllables(_syllables(piece, tones=tones, readings=readings))
            words.append(word[:1].upper() + word[1:])
        else:
            words.append(piece)          # digits, Latin letters, punctuation: as written
    return " ".join(words)


def person_name(name: str, tables: EnglishTables | None = None, *, tones: bool = False) -> str:
    """``王小明`` -> ``Wang Xiaoming`` (``Wáng Xiǎomíng`` with tones); a name in other scripts is kept."""
    t = tables or load_tables()
    if not name or not all(is_han(ch) for ch in name):
        return name
    cut = 2 if len(name) > 2 and name[:2] in t.compound_surnames else 1
    surname, given = name[:cut], name[cut:]
    if surname in t.readings:
        plain, toned = t.readings[surname]
        family = toned if tones else plain
    else:
        family = join_syllables(_syllables(surname, tones=tones))
    given_word = join_syllables(_syllables(given, tones=tones)) if given else ""
    parts = [family[:1].upper() + family[1:], given_word[:1].upper() + given_word[1:]]
    return " ".join(p for p in parts if p)


def place_name(name: str, tables: EnglishTables | None = None) -> str:
    """``城南区`` -> ``Chengnan District``; ``社区`` alone -> ``Community``."""
    t = tables or load_tables()
    for suffix, english in t.place_suffixes:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if len(suffix) == 1 and len(stem) == 1:     # 福州, 杭州: the character is part of the name
                continue
            if not stem:
                return english
            nations: list[str] = []     # 宁夏回族自治区: Ningxia Hui Autonomous Region
            while suffix.startswith("自治") and (found := next(((n, e) for n, e in t.ethnic
                                                                 if stem.endswith(n) and len(stem) > len(n)), None)):
                stem, nations = stem[: -len(found[0])], [found[1], *nations]
            return " ".join([proper_name(stem, tables=t), *nations, english])
    return proper_name(name, tables=t)


DIVISION_SUFFIXES = ("自治区", "自治州", "自治县", "街道", "社区", "省", "市", "区", "县", "镇", "乡", "村")


def _divisions(run: str) -> list[str]:
    """A leftover run cut after each division suffix that closes a name of two or more characters and
    is followed by more (``城南区湖东街道绿苑`` -> ``城南区``, ``湖东街道``, ``绿苑``)."""
    parts, start, i = [], 0, 0
    while i < len(run):
        for suffix in DIVISION_SUFFIXES:
            end = i + len(suffix)
            if run.startswith(suffix, i) and end < len(run) and (len(suffix) > 1 or i - start >= 2):
                parts.append(run[start:end])
                start = i = end
                break
        else:
            i += 1
    parts.append(run[start:])
    return [p for p in parts if p]


def _title(words: str) -> str:
    return " ".join(w if w.lower() in SMALL_WORDS and i else w[:1].upper() + w[1:]
                    for i, w in enumerate(words.split(" ")))


def _terms(name: str, t: EnglishTables, *, title: bool) -> list[str]:
    """The English of ``name`` cut into glossary terms, leftovers as places or proper names."""
    out: list[str] = []
    run = ""

    def flush() -> None:
        nonlocal run
        out.extend(place_name(part, t) for part in _divisions(run))
        run = ""

    i = 0
    while i < len(name):
        hit = None
        for size in range(min(t.longest_term, len(name) - i), 0, -1):
            term = name[i:i + size]
            if term in t.glossary and (size > 1 or i + size == len(name)):
                hit = term
                break
        if hit is None:
            run += name[i]
            i += 1
            continue
        flush()
        english = t.glossary[hit]
        out.append(_title(english) if title else english)
        i += len(hit)
    flush()
    return out


def organization_name(name: str, tables: EnglishTables | None = None) -> str:
    """``城南区委组织部`` -> ``Chengnan District Party Committee Organisation Department``."""
    return " ".join(_terms(name, tables or load_tables(), title=True))


def post_title(title: str, tables: EnglishTables | None = None) -> str:
    """A post as written, in English (``街道党工委副书记`` -> ``Subdistrict Party Working Committee deputy
    secretary``)."""
    return " ".join(_terms(title, tables or load_tables(), title=False))


def english_label(entity: Entity, tables: EnglishTables | None = None) -> str | None:
    """The English label of a person, place or organisation (None when the name has no Han character)."""
    if not any(is_han(ch) for ch in entity.name):
        return None
    if entity.type is EntityType.PERSON:
        return person_name(entity.name, tables)
    if entity.type is EntityType.PLACE:
        return place_name(entity.name, tables)
    return organization_name(entity.name, tables)
