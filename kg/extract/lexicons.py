"""Lexicons under ``data/lexicons`` and ``data/gazetteer``, loaded once into one record."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from kg.datafiles import data_dir
from kg.errors import ConfigError
from kg.records import OrgKind, PlaceLevel

DATA = data_dir()

# Graded civil-service ranks: 一级科员, 三级主任科员, 二级调研员, 四级主任科员 ...
GRADED_POST = r"[一二三四]级(?:主任科员|调研员|巡视员|科员|主办|警长|警员|高级警长|主任|巡视员)"


@dataclass(frozen=True, slots=True)
class OrgSuffix:
    suffix: str
    kind: OrgKind
    role: str            # head | legal | short | plain


@dataclass(frozen=True, slots=True)
class Lexicons:
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    org_suffixes: tuple[OrgSuffix, ...]          # longest first
    posts: tuple[str, ...]                       # longest first
    roles: tuple[str, ...]                       # longest first
    deploy_triggers: tuple[str, ...]             # longest first
    support_triggers: tuple[str, ...]
    place_suffixes: tuple[tuple[str, PlaceLevel], ...]   # longest first
    suffixes_by_last: dict[str, tuple[OrgSuffix, ...]] = field(default_factory=dict)
    abbreviations: tuple[tuple[str, str], ...] = ()   # (full, short), longest full first
    media: tuple[str, ...] = ()                  # outlets known by a name with no unit suffix (entity rules)
    not_units: tuple[str, ...] = ()              # generic words ending like a unit (entity rules)
    not_unit_runs: tuple[str, ...] = ()          # a unit's suffix running on into these is no unit (中心城区)
    sending_verbs: tuple[str, ...] = ()          # a unit sends or forms people or a team (派出, 组建, 抽调)
    outlets: dict[str, str] = field(default_factory=dict)   # other name -> outlet (entities.outlet-names)
    joining: tuple[str, ...] = ()                # verbs that join two units (联合, 会同; entities.conjunction-places)
    province_abbreviations: dict[str, str] = field(default_factory=dict)   # 沪 -> 上海市 (in team names: 援沪)
    # recognition words (entities.recognition-words): kinds of sites (主要路口), the team words a stationed
    # team's place is named before (驻某村工作队), what joins and opens a counted list of names, and the
    # words of credit lines that are no names
    site_modifiers: tuple[str, ...] = ()
    stationed_team_words: tuple[str, ...] = ()
    list_joins: tuple[str, ...] = ()
    list_leads: tuple[str, ...] = ()
    not_credited_names: tuple[str, ...] = ()
    site_numbers: tuple[str, ...] = ()           # what may close a number in a site's name (1号采样点, A区检测点)
    not_one_char_names: tuple[str, ...] = ()     # characters that name no place before a level word (大村, 经镇)
    formed_name_stops: tuple[str, ...] = ()      # words no team name formed here holds (的, 和, 每)
    not_forming: tuple[str, ...] = ()            # set phrases opening with a forming verb (建立健全)
    naming_words: tuple[str, ...] = ()           # the name is written after these, not after the verb (叫作)
    forming_complements: tuple[str, ...] = ()    # complete a forming verb (组建完成): the name starts after them
    not_name_endings: tuple[str, ...] = ()       # no village or compound name ends so (某街道|村, 城市|小区)
    stray_heads: tuple[str, ...] = ()            # words glued before a division's name (来|自|某县医院, 关头|市某局)
    outlet_words: tuple[str, ...] = ()           # a division's name before these names an outlet (某县日报)
    not_outlet_words: tuple[str, ...] = ()       # ... unless they open these words (某县|报告, 某镇|网格员)
    campaign_heads: tuple[str, ...] = ()         # 和谐社区, 文明村: a campaign's kind, a name after its division
    campaign_tails: tuple[str, ...] = ()         # 文明村创建: the campaign goes on (no name)
    unjoined_words: tuple[str, ...] = ()         # no official name joins these with 和 (决策部署和|某公司)
    site_kinds: tuple[str, ...] = ()             # words of a site's kind, no name (疫情防控|卡点, 核酸检测|点)
    # entities.named-sub-units: a unit written right before a sub-unit named by a proper name (某公安分局|某某派出所)
    chain_parents: tuple[str, ...] = ()          # what such a parent's name ends with (公安局, 分局, 供电公司)
    named_sub_units: tuple[str, ...] = ()        # what the sub-unit's name ends with (派出所, 供电所, 警务室)
    not_sub_unit_names: tuple[str, ...] = ()     # function words that name no sub-unit (交警, 刑侦: 交警中队)
    # entities.system-prefixes: a local unit named with its national system's name first (国家税务总局某市税务局)
    # is also known without it; a hospital named after the university it belongs to (某大学附属某某医院) also
    # by the hospital's own name
    system_prefixes: tuple[str, ...] = ()
    affiliating_words: tuple[str, ...] = ()      # the university's word and what may follow it (大学, 附属)
    affiliated_heads: tuple[str, ...] = ()       # the affiliated unit's word (医院)
    generic_affiliated: frozenset[str] = frozenset()   # names of no particular hospital (人民医院, 中心医院)
    # the posts and roles as one set (asked of every name candidate), derived from them
    posts_and_roles: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "posts_and_roles", frozenset(self.posts) | frozenset(self.roles))

    def abbreviate(self, name: str) -> str:
        """The name with official words in their short form (卫生健康局 -> 卫健局)."""
        for full, short in self.abbreviations:
            if full in name:
                name = name.replace(full, short)
        return name

    def org_suffix_at_end(self, text: str) -> OrgSuffix | None:
        """The longest unit suffix ``text`` ends with (suffixes indexed by their last character)."""
        if not text:
            return None
        for s in self.suffixes_by_last.get(text[-1], ()):
            if text.endswith(s.suffix):
                return s
        return None

    def is_surname_start(self, name: str) -> bool:
        return name[:1] in self.surnames or name[:2] in self.compound_surnames


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"lexicon {path} could not be read: {exc}") from exc
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _longest_first(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(items), key=len, reverse=True))


def load_lexicons(data_dir: Path = DATA) -> Lexicons:
    """Read every lexicon file once."""
    lex = data_dir / "lexicons"
    words = [w for ln in _lines(lex / "surnames.txt") for w in ln.split()]
    single = frozenset(w for w in words if len(w) == 1)
    compound = frozenset(w for w in words if len(w) == 2)
    suffixes = []
    for ln in _lines(lex / "org_suffixes.tsv"):
        suffix, kind, role = ln.split("\t")
        suffixes.append(OrgSuffix(suffix, OrgKind(kind), role))
    suffixes.sort(key=lambda s: len(s.suffix), reverse=True)
    deploy: list[str] = []
    support: list[str] = []
    sending: list[str] = []
    for ln in _lines(lex / "triggers.tsv"):
        cue, rel = ln.split("\t")[:2]
        {"deployedTo": deploy, "supports": support, "sending": sending}[rel].append(cue)
    places = []
    for ln in _lines(data_dir / "gazetteer" / "place_suffixes.tsv"):
        suffix, level = ln.split("\t")
        places.append((suffix, PlaceLevel(level)))
    places.sort(key=lambda p: len(p[0]), reverse=True)
    abbreviations: list[tuple[str, str]] = []
    for ln in _lines(lex / "abbreviations.tsv"):
        full, short = ln.split("\t")[:2]
        abbreviations.append((full, short))
    provinces = dict(ln.split("\t")[:2] for ln in _lines(lex / "province_abbreviations.tsv"))
    by_last: dict[str, list[OrgSuffix]] = {}
    for suf in suffixes:   # already longest first
        by_last.setdefault(suf.suffix[-1], []).append(suf)
    return Lexicons(
        surnames=single, compound_surnames=compound, org_suffixes=tuple(suffixes),
        posts=_longest_first(_lines(lex / "posts.txt")), roles=_longest_first(_lines(lex / "roles.txt")),
        deploy_triggers=_longest_first(deploy), support_triggers=_longest_first(support),
        place_suffixes=tuple(places),
        suffixes_by_last={k: tuple(v) for k, v in by_last.items()},
        abbreviations=tuple(sorted(abbreviations, key=lambda p: len(p[0]), reverse=True)),
        sending_verbs=_longest_first(sending), province_abbreviations=provinces,
    )


def with_additions(lex: Lexicons, *, suffixes: list[OrgSuffix] | None = None, posts: list[str] | None = None,
                   media: list[str] | None = None, not_units: list[str] | None = None,
                   not_unit_runs: list[str] | None = None,
                   place_suffixes: list[tuple[str, PlaceLevel]] | None = None,
                   joining: list[str] | None = None) -> Lexicons:
    """The lexicons with the words an entity rule adds (kg/extract/patterns/entities)."""
    if suffixes:
        merged = {s.suffix: s for s in lex.org_suffixes}
        merged.update({s.suffix: s for s in suffixes})
        ordered = tuple(sorted(merged.values(), key=lambda s: len(s.suffix), reverse=True))
        by_last: dict[str, list[OrgSuffix]] = {}
        for suf in ordered:
            by_last.setdefault(suf.suffix[-1], []).append(suf)
        lex = replace(lex, org_suffixes=ordered, suffixes_by_last={k: tuple(v) for k, v in by_last.items()})
    if posts:
        lex = replace(lex, posts=_longest_first([*lex.posts, *posts]))
    if media:
        lex = replace(lex, media=_longest_first([*lex.media, *media]))
    if not_units:
        lex = replace(lex, not_units=_longest_first([*lex.not_units, *not_units]))
    if not_unit_runs:
        lex = replace(lex, not_unit_runs=_longest_first([*lex.not_unit_runs, *not_unit_runs]))
    if place_suffixes:
        levels = dict(lex.place_suffixes)
        levels.update(dict(place_suffixes))
        lex = replace(lex, place_suffixes=tuple(sorted(levels.items(), key=lambda p: len(p[0]), reverse=True)))
    if joining:
        lex = replace(lex, joining=_longest_first([*lex.joining, *joining]))
    return lex


def post_regex(lexicons: Lexicons) -> re.Pattern[str]:
    """One alternation of every post, graded ranks first, longest first.

    It opens with a lookahead of what a match can begin with (a graded rank, or the first character of a
    post): the same matches, but the regex engine then skips every other position in C instead of trying
    each alternative there."""
    alternation = GRADED_POST + "|" + "|".join(map(re.escape, lexicons.posts))
    firsts = "".join(sorted({p[:1] for p in lexicons.posts}))
    # (no lookahead without posts, or with an empty one: that matches anywhere)
    opening = f"(?=[{re.escape(firsts)}]|{GRADED_POST})" if lexicons.posts and all(lexicons.posts) else ""
    return re.compile(f"{opening}(?:{alternation})")


@lru_cache(maxsize=8)
def unit_suffixes(suffixes: tuple[OrgSuffix, ...]) -> tuple[str, ...]:
    """The unit suffixes a word may end with to count as a unit's name (not the one-character ``short``
    ones: 委, 所), computed once per suffix list (``unit_suffixes(lex.org_suffixes)``)."""
    return tuple(x.suffix for x in suffixes if x.role != "short")
