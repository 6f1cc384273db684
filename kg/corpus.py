"""The annotated corpus (``data/corpus/``): manifest, frozen split, articles and their gold files.

Layout::

    data/corpus/manifest.csv        id,split,url,site,province,published,chars,annotators,mirror
    data/corpus/metadata.csv        id,script,damage,kind,annotator (the annotators' extra columns)
    data/corpus/pinned.csv          id,split,reason (rows whose split is not the hash rule's)
    data/corpus/manifest.d/*.csv    annotators' fragments (one row per article they added)
    data/corpus/text/<id>.txt       the article as obtained (or the file the gold's ``article`` names)
    data/corpus/gold/<id>.gold.json first annotation (docs/annotation.md)
    data/corpus/second/<id>.gold.json independent second annotation

The split of an article is decided once, by a hash of its source URL (:func:`split_of`), when its row is
first written to the manifest; a row already in the manifest never changes split
(:func:`build_manifest`). Rows listed in ``pinned.csv`` (the articles bundled before the corpus existed,
all in ``train``) are the only exceptions to the hash rule.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import CorpusError

SPLITS: tuple[str, ...] = ("train", "dev", "test")
MANIFEST_COLUMNS: tuple[str, ...] = ("id", "split", "url", "site", "province", "published", "chars",
                                     "annotators", "mirror")
FRAGMENT_COLUMNS: tuple[str, ...] = ("id", "url", "site", "province", "published", "chars", "script",
                                     "mirror", "damage", "kind", "annotator")
METADATA_COLUMNS: tuple[str, ...] = ("id", "script", "damage", "kind", "annotator")
PINNED_COLUMNS: tuple[str, ...] = ("id", "split", "reason")
# Cut points of sha256(url) mod 100: [0, 60) train, [60, 80) dev, [80, 100) test.
SPLIT_CUTS: tuple[tuple[int, str], ...] = ((60, "train"), (80, "dev"), (100, "test"))

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def split_of(url: str) -> str:
    """The split the hash rule gives a source URL: ``sha256(url, UTF-8)`` as an integer, mod 100."""
    bucket = int(hashlib.sha256(url.strip().encode("utf-8")).hexdigest(), 16) % 100
    return next(name for cut, name in SPLIT_CUTS if bucket < cut)


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """One article of the corpus."""

    id: str
    split: str
    url: str
    site: str
    province: str
    published: str
    chars: int
    annotators: tuple[str, ...]
    mirror: bool

    def to_csv(self) -> dict[str, str]:
        return {"id": self.id, "split": self.split, "url": self.url, "site": self.site,
                "province": self.province, "published": self.published, "chars": str(self.chars),
                "annotators": ";".join(self.annotators), "mirror": "yes" if self.mirror else "no"}


def _read_csv(path: Path, columns: Sequence[str], *, exact: bool) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    if (exact and header != tuple(columns)) or (not exact and not set(columns) <= set(header)):
        raise CorpusError(f"{path}: expected the columns {','.join(columns)}, found {','.join(header)}")
    rows = []
    for line, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values()):
            continue
        if None in row or any(row.get(c) is None for c in columns):
            raise CorpusError(f"{path}:{line}: expected {len(header)} fields, found a different number")
        rows.append({k: (v or "").strip() for k, v in row.items() if k is not None})
    return rows


def _write_csv(path: Path, columns: Sequence[str], rows: Iterable[dict[str, str]]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    path.write_text(buf.getvalue(), encoding="utf-8")


def _row(raw: dict[str, str], source: str) -> ManifestRow:
    if raw["split"] not in SPLITS:
        raise CorpusError(f"{source}: article {raw['id']!r}: split {raw['split']!r} is not one of "
                          f"{', '.join(SPLITS)}")
    try:
        chars = int(raw["chars"] or 0)
    except ValueError as exc:
        raise CorpusError(f"{source}: article {raw['id']!r}: chars {raw['chars']!r} is not a number") from exc
    return ManifestRow(id=raw["id"], split=raw["split"], url=raw["url"], site=raw["site"],
                       province=raw["province"], published=raw["published"], chars=chars,
                       annotators=tuple(a for a in raw["annotators"].split(";") if a),
                       mirror=raw["mirror"].lower() in ("yes", "true", "1"))


def read_manifest(path: Path) -> list[ManifestRow]:
    """The rows of ``manifest.csv`` (columns exactly :data:`MANIFEST_COLUMNS`); ids must be unique."""
    rows = [_row(raw, str(path)) for raw in _read_csv(path, MANIFEST_COLUMNS, exact=True)]
    seen: set[str] = set()
    for row in rows:
        if row.id in seen:
            raise CorpusError(f"{path}: article {row.id!r} is listed twice")
        seen.add(row.id)
    return rows


def write_manifest(path: Path, rows: Iterable[ManifestRow]) -> None:
    """Write ``manifest.csv``, sorted by split then id (a stable, reviewable order)."""
    order = {s: i for i, s in enumerate(SPLITS)}
    _write_csv(path, MANIFEST_COLUMNS, (r.to_csv() for r in sorted(rows, key=lambda r: (order[r.split], r.id))))


def read_pinned(path: Path) -> dict[str, str]:
    """``pinned.csv``: article id -> split, for the rows exempt from the hash rule."""
    if not path.exists():
        return {}
    pinned = {}
    for raw in _read_csv(path, PINNED_COLUMNS, exact=True):
        if raw["split"] not in SPLITS:
            raise CorpusError(f"{path}: article {raw['id']!r}: split {raw['split']!r} is not one of "
                              f"{', '.join(SPLITS)}")
        pinned[raw["id"]] = raw["split"]
    return pinned


def read_fragments(folder: Path) -> list[dict[str, str]]:
    """Every annotator's fragment (``manifest.d/*.csv``, columns :data:`FRAGMENT_COLUMNS`), in file order."""
    rows: list[dict[str, str]] = []
    for path in sorted(folder.glob("*.csv")):
        rows += [dict(raw, _source=str(path)) for raw in _read_csv(path, FRAGMENT_COLUMNS, exact=False)]
    return rows


@dataclass(frozen=True, slots=True)
class Corpus:
    """A corpus folder; paths and manifest access. ``Corpus()`` is the project's ``data/corpus``."""

    root: Path = DEFAULT_CORPUS

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.csv"

    def gold_path(self, article_id: str, *, second: bool = False) -> Path:
        return self.root / ("second" if second else "gold") / f"{article_id}.gold.json"

    def text_path(self, article_id: str, article: str | None = None) -> Path:
        """The article file: the gold file's ``article`` name in ``text/``, else ``text/<id>.txt``."""
        return self.root / "text" / (article or f"{article_id}.txt")

    def rows(self, split: str | None = None) -> list[ManifestRow]:
        """Manifest rows, all or of one split. A missing manifest is an error (never an empty corpus)."""
        if split is not None and split not in SPLITS:
            raise CorpusError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
        if not self.manifest_path.exists():
            raise CorpusError(f"{self.manifest_path}: no manifest; build it with `kg corpus manifest`")
        rows = read_manifest(self.manifest_path)
        return [r for r in rows if split is None or r.split == split]

    def pinned(self) -> dict[str, str]:
        return read_pinned(self.root / "pinned.csv")


def build_manifest(corpus: Corpus, *, require_gold: bool = True) -> tuple[list[ManifestRow], list[str]]:
    """The manifest after adding the fragments' new articles; returns ``(rows, notes)``.

    Rows already in ``manifest.csv`` keep their split (and their other columns are refreshed from the
    fragments); new rows get the pinned split, else :func:`split_of` of their URL. An article enters only
    when its text exists (and, with ``require_gold``, its gold file). ``chars`` is measured on the text
    file. ``annotators`` lists the first annotator, then the second (``annotator`` key of the second
    gold file, else ``second``), so agreement can be traced.
    """
    notes: list[str] = []
    old = {r.id: r for r in read_manifest(corpus.manifest_path)} if corpus.manifest_path.exists() else {}
    pinned = corpus.pinned()
    fragments = read_fragments(corpus.root / "manifest.d")
    rows: dict[str, ManifestRow] = {}
    urls: dict[str, str] = {}
    known = sorted({raw["annotator"] for raw in fragments if raw["annotator"]})
    for raw in fragments:
        aid = raw["id"]
        if aid in rows:
            notes.append(f"{raw['_source']}: {aid} listed again; the first row is kept")
            continue
        text = _text_file(corpus, aid)
        if text is None:
            notes.append(f"{raw['_source']}: {aid} has no text file; left out")
            continue
        if require_gold and not corpus.gold_path(aid).exists():
            notes.append(f"{raw['_source']}: {aid} has no gold file; left out")
            continue
        url = raw["url"]
        if url in urls:
            notes.append(f"{raw['_source']}: {aid} has the same URL as {urls[url]}; left out")
            continue
        urls[url] = aid
        split = old[aid].split if aid in old else pinned.get(aid, split_of(url))
        annotators = [raw["annotator"]] if raw["annotator"] else []
        second = _second_annotator(corpus, aid, [k for k in known if k != raw["annotator"]])
        if second is not None:
            annotators.append(second)
        rows[aid] = ManifestRow(id=aid, split=split, url=url, site=raw["site"], province=raw["province"],
                                published=raw["published"], chars=text_length(text),
                                annotators=tuple(annotators), mirror=raw["mirror"].lower() == "yes")
    for aid, row in old.items():          # never drop or move a row already written
        if aid not in rows:
            rows[aid] = row
            notes.append(f"{aid}: in the manifest but in no fragment; kept as it was")
    return list(rows.values()), notes


def _text_file(corpus: Corpus, article_id: str) -> Path | None:
    gold = corpus.gold_path(article_id)
    name = None
    if gold.exists():
        try:
            name = json.loads(gold.read_text(encoding="utf-8")).get("article")
        except (ValueError, AttributeError):
            name = None
    path = corpus.text_path(article_id, name)
    return path if path.exists() else None


def _second_annotator(corpus: Corpus, article_id: str, known: Sequence[str] = ()) -> str | None:
    """Who made the second annotation: its ``annotator`` key, else the annotator of the fragments its
    ``note`` names first, else ``second``; ``None`` when there is no second annotation."""
    path = corpus.gold_path(article_id, second=True)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return "second"
    name = data.get("annotator") if isinstance(data, dict) else None
    if isinstance(name, str) and name:
        return name
    note = str(data.get("note", "")) if isinstance(data, dict) else ""
    named = sorted((note.find(k), k) for k in known if k in note)
    return named[0][1] if named else "second"     # the name the note gives first


def text_length(path: Path) -> int:
    """Characters of an article file: the UTF-8 text, else the text the reading stage decodes (Big5, GBK ...)."""
    try:
        return len(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        from kg.read import read_file

        read = read_file(path)
        articles = list(read) if isinstance(read, list | tuple) else [read]
        return sum(len(a.raw) for a in articles)


def write_metadata(corpus: Corpus, rows: Iterable[ManifestRow]) -> None:
    """``metadata.csv``: the fragments' extra columns (script, damage, kind, first annotator) per article."""
    keep = {r.id for r in rows}
    extra = {raw["id"]: raw for raw in read_fragments(corpus.root / "manifest.d") if raw["id"] in keep}
    _write_csv(corpus.root / "metadata.csv", METADATA_COLUMNS,
               (extra[i] for i in sorted(extra)))


def check_split(rows: Iterable[ManifestRow], pinned: dict[str, str]) -> list[str]:
    """Rows whose split is neither the hash rule's nor their pinned one (an empty list when frozen right)."""
    return [f"{r.id}: split {r.split}, the hash rule gives {split_of(r.url)}"
            for r in rows if r.split != pinned.get(r.id, split_of(r.url))]




# --------------------------------------------------------------------------- evaluation of a split

_SENTENCE_END = frozenset("。！？!?；;\n")


def sentences_of(text: str) -> list[str]:
    """The text cut after sentence-final punctuation and line breaks (a loop, no regex), stripped, non-empty."""
    out: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            piece = text[start:i + 1].strip()
            if piece:
                out.append(piece)
            start = i + 1
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def sentence_with(sentences: Sequence[tuple[str, str]], *groups: Sequence[str]) -> str | None:
    """The first sentence (given as ``(original, folded)``) containing a name of every group (folded names),
    else of the first group alone; ``None`` when no sentence names it."""
    for wanted in (groups, groups[:1]):
        for original, folded in sentences:
            if all(any(n and n in folded for n in names) for names in wanted):
                return original
    return None


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One article's evaluation: the scorer's report and the verdict on every predicted triple."""

    id: str
    report: Any            # kg.evaluate.EvaluationReport
    verdicts: tuple[Any, ...]
    misses: tuple[dict[str, str], ...]
    false_positives: tuple[dict[str, str], ...]


def article_result(article_id: str, gold: Any, graph: Any, schema: Any, text: str) -> ArticleResult:
    """Score one extracted graph against its gold (the scorer's rules) and collect the errors with the
    sentences that state them (gold evidence or the sentence naming both ends for a miss, the extraction's
    evidence for a false positive)."""
    from kg.evaluate import ARTICLE_REF, LITERAL_OBJECT, evaluate, fold, judge_triples

    report = evaluate(gold, graph, schema)
    verdicts = tuple(judge_triples(gold, graph, schema))
    sentences = [(s, fold(s)) for s in sentences_of(text)]
    names = {e.id: [fold(n) for n in e.names] for e in gold.entities}

    def ends(refs: Sequence[str], literal: bool) -> list[str]:
        if literal:
            return [fold(r) for r in refs]
        return [n for r in refs if r != ARTICLE_REF for n in names[r]]

    misses: list[dict[str, str]] = []
    for etype in report.entities:
        for label in etype.missed:
            entity = next(e for e in gold.entities if e.type == etype.type and e.label == label)
            misses.append({"article": article_id, "kind": etype.type, "item": label,
                           "sentence": sentence_with(sentences, names[entity.id]) or ""})
    for rel_report in report.relations:
        missed = set(rel_report.missed)
        for rel in gold.relations:
            if rel.predicate != rel_report.predicate:
                continue
            desc = _describe(gold, rel)
            if desc not in missed:
                continue
            subj = ends(rel.subjects, False)
            obj = ends(rel.objects, rel.predicate in LITERAL_OBJECT)
            found = rel.evidence or (sentence_with(sentences, obj, subj) if not subj
                                     else sentence_with(sentences, subj, obj))
            misses.append({"article": article_id, "kind": rel.predicate, "item": desc, "sentence": found or ""})
    fps: list[dict[str, str]] = []
    for etype in report.entities:
        for label in (*etype.spurious, *etype.duplicates):
            labels = [fold(part) for part in label.split(" / ")]
            fps.append({"article": article_id, "kind": etype.type, "item": label,
                        "sentence": sentence_with(sentences, labels) or ""})
    for v in verdicts:
        if v.verdict == "fp":
            fps.append({"article": article_id, "kind": v.predicate, "rule": ",".join(v.rules),
                        "item": f"{v.subject} {v.predicate} {v.object}",
                        "sentence": " | ".join(v.evidence)})
    return ArticleResult(article_id, report, verdicts, tuple(misses), tuple(fps))


def _describe(gold: Any, rel: Any) -> str:
    from rdflib import Graph

    from kg.evaluate import _Index

    return _Index(gold, Graph(), Graph()).describe(rel)


def split_summary(results: Sequence[ArticleResult], *, split: str | None = None) -> dict[str, Any]:
    """The machine-readable summary of a split: micro P/R/F1 of entities and relations, per type, per
    relation, per rule, the number of articles, and every miss and false positive with its sentence."""
    from kg.evaluate import Score, by_rule, total

    def prf(score: Score) -> dict[str, Any]:
        return {"p": round(score.precision, 4), "r": round(score.recall, 4), "f1": round(score.f1, 4),
                "tp": score.tp, "fp": score.fp, "fn": score.fn}

    by_type: dict[str, Score] = {}
    by_relation: dict[str, Score] = {}
    for res in results:
        for e in res.report.entities:
            by_type[e.type] = by_type.get(e.type, Score(0, 0, 0)) + e.score
        for r in res.report.relations:
            by_relation[r.predicate] = by_relation.get(r.predicate, Score(0, 0, 0)) + r.score
    return {
        "split": split,
        "articles": len(results),
        "entities": prf(total(r.report.entities_micro for r in results)),
        "relations": prf(total(r.report.relations_micro for r in results)),
        "by_type": {k: prf(v) for k, v in by_type.items()},
        "by_relation": {k: prf(by_relation[k]) for k in sorted(by_relation)},
        "by_rule": by_rule(v for r in results for v in r.verdicts),
        "per_article": {r.id: {"entities": prf(r.report.entities_micro),
                               "relations": prf(r.report.relations_micro)} for r in results},
        "misses": [m for r in results for m in r.misses],
        "false_positives": [f for r in results for f in r.false_positives],
    }


def evaluate_split(corpus: Corpus, split: str, *, nlp: Any = None, graphs_out: Path | None = None,
                   ontology: Path | None = None) -> tuple[list[ArticleResult], dict[str, Any]]:
    """Extract every article of ``split`` with the project's pipeline (built once) and score it against
    its gold file. A manifest row without its gold or text file is an error (never skipped).

    ``graphs_out``: also write each article's graph there as ``<id>.ttl`` (to re-score it with another
    scorer). Returns the per-article results and :func:`split_summary`.
    """
    from kg.evaluate import load_gold, merge, schema_graph
    from kg.extract import build_pipeline, extract
    from kg.rdf.build import to_dataset
    from kg.read import read_file

    rows = corpus.rows(split)
    if not rows:
        raise CorpusError(f"{corpus.manifest_path}: no article in split {split!r}")
    golds = []
    for row in rows:
        path = corpus.gold_path(row.id)
        if not path.exists():
            raise CorpusError(f"{row.id}: the gold file {path} is missing")
        gold = load_gold(path)
        text = corpus.text_path(row.id, gold.article)
        if not text.exists():
            raise CorpusError(f"{row.id}: the article file {text} is missing")
        golds.append((row.id, gold, text))
    onto = ontology if ontology is not None else Path(__file__).resolve().parents[1] / "ontology"
    base_schema = schema_graph(Graph(), onto if onto.is_dir() else None)   # parsed once for the split
    nlp = nlp if nlp is not None else build_pipeline()
    if graphs_out is not None:
        graphs_out.mkdir(parents=True, exist_ok=True)
    results = []
    for aid, gold, text_path in golds:
        read = read_file(text_path)
        articles = list(read) if isinstance(read, list | tuple) else [read]
        dataset = to_dataset([extract(a, nlp=nlp) for a in articles])
        graph = merge(dataset)
        if graphs_out is not None:
            graph.serialize(graphs_out / f"{aid}.ttl", format="turtle")
        schema = Graph()
        for triple in base_schema:
            schema.add(triple)
        for triple in graph:
            schema.add(triple)
        results.append(article_result(aid, gold, graph, schema, "\n".join(a.text for a in articles)))
    return results, split_summary(results, split=split)


# --------------------------------------------------------------------------- contamination of the test split

CONTAMINATION_ROOTS: tuple[str, ...] = ("kg", "data/lexicons", "data/gazetteer", "tests")
WINDOW = 12
LEAK_WINDOWS = 4   # windows of one test article a file must hold to be reported (a copy of 15 characters)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002ffff"


def han_runs(text: str) -> list[str]:
    """The runs of consecutive Han characters of ``text``, folded to Simplified (a copy in either script is
    found); digits, Latin letters, punctuation and spaces end a run."""
    from kg.evaluate import fold

    runs: list[str] = []
    current: list[str] = []
    for ch in fold(text):
        if _is_han(ch):
            current.append(ch)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def windows(text: str, size: int = WINDOW) -> set[str]:
    """Every ``size``-character window inside a run of Han characters of the text (:func:`han_runs`)."""
    return {run[i:i + size] for run in han_runs(text) for i in range(len(run) - size + 1)}


@dataclass(frozen=True, slots=True)
class Leak:
    """A piece of a protected article found in a file: a Han window or a person's name."""

    file: str
    article: str
    kind: str        # "window" | "person"
    text: str


def read_article_text(path: Path) -> str:
    """An article file's text as the reading stage decodes it (UTF-8, Big5, GBK, HTML main text)."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        from kg.read import read_file

        read = read_file(path)
        articles = list(read) if isinstance(read, list | tuple) else [read]
        return "\n".join(a.raw for a in articles)


def protected_pieces(corpus: Corpus, split: str = "test", size: int = WINDOW) -> tuple[dict[str, str], dict[str, str]]:
    """What must not appear outside the corpus: ``(windows, person names)``, each mapped to its article.

    The windows are every ``size``-character window of a ``split`` article's Han text (:func:`windows`)
    that no other article of the corpus shares (a window shared by two articles is a set phrase of the genre
    or a site's chrome, such as 新型冠状病毒感染的肺炎疫情防控 or a portal's copyright line); the names are
    the folded Person names of the ``split`` gold files (:func:`_name_pieces`) that no gold file of another split
    names too (a public figure quoted in several articles, such as a national leader, is no trace of one)."""
    from kg.evaluate import fold, load_gold

    protected: dict[str, str] = {}
    people: dict[str, str] = {}
    seen_in: dict[str, set[str]] = {}          # window -> articles of the whole corpus that have it
    named_elsewhere: set[str] = set()          # person names of the gold files of the other splits
    for row in corpus.rows():
        gold_path = corpus.gold_path(row.id)
        if not gold_path.exists():
            raise CorpusError(f"{row.id}: the gold file {gold_path} is missing")
        gold = load_gold(gold_path)
        text = read_article_text(corpus.text_path(row.id, gold.article))
        for w in windows(text, size):
            seen_in.setdefault(w, set()).add(row.id)
            if row.split == split:
                protected.setdefault(w, row.id)
        names = [fold(n) for e in gold.entities if e.type == "Person" for n in e.names]
        if row.split == split:
            runs = han_runs(text)
            for name in names:
                for piece in _name_pieces(name, runs):
                    people.setdefault(piece, row.id)
        else:
            named_elsewhere.update(names)
    people = {piece: aid for piece, aid in people.items() if not any(piece in n or n in piece
                                                                     for n in named_elsewhere if len(n) >= 3)}
    return {w: aid for w, aid in protected.items() if len(seen_in[w]) == 1}, people


def _name_pieces(name: str, runs: Sequence[str]) -> set[str]:
    """What to look for of a person's name: the name itself when it has three Han characters or more; a
    two-character name (often a common word too: 许可, 高明) together with a neighbouring character as
    the article writes it (许可说, 记者许可), so that only a copy of the article's wording is reported."""
    han = "".join(ch for ch in name if _is_han(ch))
    if len(han) >= 3:
        return {han}
    if len(han) < 2:
        return set()
    pieces: set[str] = set()
    for run in runs:
        start = run.find(han)
        while start != -1:
            if start > 0:
                pieces.add(run[start - 1:start + 2])
            if start + 2 < len(run):
                pieces.add(run[start:start + 3])
            start = run.find(han, start + 1)
    return pieces


def contamination(corpus: Corpus, roots: Sequence[Path], *, split: str = "test", size: int = WINDOW,
                  exclude: Sequence[Path] = ()) -> list[Leak]:
    """Pieces of the ``split`` articles (:func:`protected_pieces`) found in the text files under ``roots``: a
    person's name, or ``LEAK_WINDOWS`` windows of one article. Files under ``exclude`` (the corpus itself)
    and binary files are not searched. An empty list means clean."""
    from kg.evaluate import fold

    protected, people = protected_pieces(corpus, split, size)
    skip = [p.resolve() for p in exclude]
    leaks: list[Leak] = []
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            real = path.resolve()
            if any(real == s or s in real.parents for s in skip) or "__pycache__" in path.parts:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            hits: dict[str, list[str]] = {}
            for w in sorted(windows(text, size)):
                if w in protected:
                    hits.setdefault(protected[w], []).append(w)
            # a few windows of one article name the file (a copy runs longer than a window or two; one or two
            # windows are often a set phrase of the genre, the name of the disease's control command, that the corpus
            # happens to hold in one article only)
            leaks += [Leak(str(path), aid, "window", ws[0]) for aid, ws in sorted(hits.items())
                      if len(ws) >= LEAK_WINDOWS]
            folded = fold(text)
            leaks += [Leak(str(path), aid, "person", name) for name, aid in sorted(people.items()) if name in folded]
    return leaks



def corpus_stats(corpus: Corpus) -> dict[str, Any]:
    """Counts that describe the corpus's spread: articles per split, provinces, sites, mirrors, scripts,
    kinds, damage, articles naming no person, and doubly annotated articles."""
    from collections import Counter

    rows = corpus.rows()
    meta: dict[str, dict[str, str]] = {}
    path = corpus.root / "metadata.csv"
    if path.exists():
        meta = {m["id"]: m for m in _read_csv(path, METADATA_COLUMNS, exact=True)}
    no_person = 0
    for row in rows:
        gold = json.loads(corpus.gold_path(row.id).read_text(encoding="utf-8"))
        no_person += not any(e.get("type") == "Person" for e in gold.get("entities", []))
    damage: Counter[str] = Counter()
    for m in meta.values():
        damage.update(d for d in m.get("damage", "").split(";") if d and d != "none")
    return {
        "articles": len(rows),
        "splits": dict(Counter(r.split for r in rows)),
        "provinces": len({r.province for r in rows}),
        "sites": len({r.site for r in rows}),
        "mirrors": sum(r.mirror for r in rows),
        "scripts": dict(Counter(meta[r.id]["script"] for r in rows if r.id in meta)),
        "kinds": dict(Counter(meta[r.id]["kind"] for r in rows if r.id in meta)),
        "damage": dict(damage.most_common()),
        "naming_no_person": no_person,
        "double_annotated": sum(len(r.annotators) > 1 for r in rows),
        "by_province": dict(Counter(r.province for r in rows).most_common()),
    }


__all__ = ["ArticleResult", "CONTAMINATION_ROOTS", "Corpus", "DEFAULT_CORPUS", "FRAGMENT_COLUMNS", "Leak",
           "MANIFEST_COLUMNS", "ManifestRow", "SPLITS", "article_result", "build_manifest", "check_split",
           "contamination", "corpus_stats", "evaluate_split", "han_runs", "protected_pieces", "read_article_text",
           "read_fragments", "read_manifest", "read_pinned", "sentences_of", "split_of", "split_summary",
           "text_length", "windows", "write_manifest", "write_metadata"]
