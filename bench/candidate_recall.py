"""Candidate recall of the relation rules on a corpus split: how many gold relations some candidate covers.

    python bench/candidate_recall.py dev [--misses] [--rules] [--json]

Per relation it prints the gold count, the covered count and the recall, and splits the misses by
cause: a gold end the article's entities do not match (``no-subject`` / ``no-object``, the entity
recognition's share; for ``jobTitle`` ``no-post``: no post mention contains the title) or both ends
present and no candidate pairs them (``no-pair``, the candidate generation's share). It also prints
the candidates per article, their labels (True / False / unjudged, as ``kg.extract.labels`` judges
them), the gold entity types behind the missing ends, the time of the tagger and of the components
after it, and with ``--rules`` the labels of each rule's candidates and how many gold relations only
that rule covers (``only``).

Run it on ``train`` or ``dev`` only: the ``test`` split is never looked at while rules are written.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.corpus import Corpus  # noqa: E402
from kg.evaluate import Gold, GoldRelation, fold, load_gold  # noqa: E402
from kg.extract import build_pipeline, prepared  # noqa: E402
from kg.extract.labels import Ends, Recall, _holds, entity_names, gold_ends, label  # noqa: E402
from kg.extract.pipeline import ARTICLE_KEY, CANDIDATES, CONTEXT, HOME, SENTENCES, TEXT, resources_of  # noqa: E402
from kg.extract.recognize import split_sentences  # noqa: E402
from kg.extract.resolve import find_home  # noqa: E402
from kg.read import read_file  # noqa: E402
from kg.records import ARTICLE, Article, Candidate  # noqa: E402


def run(nlp: Any, article: Article, timings: dict[str, float]) -> Any:
    """``kg.extract.analyse`` with each component timed."""
    doc = nlp.make_doc(article.text)
    doc.user_data[SENTENCES] = [(s.start, s.end) for s in article.sentences] or split_sentences(article.text)
    doc.user_data[TEXT] = article.text
    doc.user_data[ARTICLE_KEY] = article
    doc.user_data[HOME] = find_home(article, resources_of(nlp).gazetteer)
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        doc = proc(doc)
        timings[name] += time.perf_counter() - t0
    return doc


def cause(rel: GoldRelation, ends: Ends, keys: list[str], posts: list[str]) -> str:
    """Why no candidate covers ``rel``: a missing end (recognition) or a missing pair (candidates)."""
    have = {i for k in keys for i in ends.of(k)} | {ARTICLE}
    if not set(rel.subjects) & have:
        return "no-subject"
    if rel.predicate == "jobTitle":
        return "no-pair" if any(fold(t) in fold(p) for t in rel.objects for p in posts) else "no-post"
    return "no-pair" if set(rel.objects) & have else "no-object"


def missing_type(rel: GoldRelation, why: str, gold: Gold) -> str | None:
    ids = rel.subjects if why == "no-subject" else rel.objects if why == "no-object" else ()
    types = {e.type for e in gold.entities if e.id in ids}
    return "|".join(sorted(types)) if types else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", choices=["train", "dev"])
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "corpus")
    ap.add_argument("--misses", action="store_true", help="list every missed relation with its cause")
    ap.add_argument("--rules", action="store_true", help="true and false candidates per rule")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)

    corpus = Corpus(args.corpus)
    nlp = build_pipeline(rules_only=True)
    recall = Recall()
    labels: Counter[str] = Counter()
    causes: dict[str, Counter[str]] = defaultdict(Counter)
    missing: Counter[str] = Counter()
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[str] = []
    timings: dict[str, float] = defaultdict(float)
    articles = n_candidates = 0
    for row in corpus.rows(args.split):
        gold = load_gold(corpus.gold_path(row.id))
        read = read_file(corpus.text_path(row.id, gold.article))
        for article in (list(read) if isinstance(read, (list, tuple)) else [read]):
            doc = run(nlp, prepared(article), timings)
            ctx = doc.user_data[CONTEXT]
            ends = gold_ends(entity_names(ctx.resolution.drafts.values()), gold)
            cands: list[Candidate] = doc.user_data[CANDIDATES]
            articles += 1
            n_candidates += len(cands)
            for c in cands:
                lab = label(c, gold, ends)
                labels[str(lab)] += 1
                for r in c.rules:
                    by_rule[r][str(lab)] += 1
            recall.add(cands, gold, ends, row.id)
            posts = [c.text for c in ctx.cands if c.label == "POST"]
            names = {e.id: e.names[0] for e in gold.entities}
            for rel in gold.relations:
                covering = {r for c in cands if _holds(rel, c, ends) for r in c.rules}
                if len(covering) == 1:
                    by_rule[next(iter(covering))]["only"] += 1
                if covering:
                    continue
                why = cause(rel, ends, list(ctx.resolution.drafts), posts)
                causes[rel.predicate][why] += 1
                kind = missing_type(rel, why, gold)
                if kind:
                    missing[f"{why}:{kind}"] += 1
                s = "|".join(names.get(x, x) for x in rel.subjects)
                o = "|".join(names.get(x, x) for x in rel.objects)
                misses.append(f"{row.id}: [{why}] {s} {rel.predicate} {o}")

    summary = recall.summary()
    for p, per in summary["relations"].items():
        per["misses"] = dict(causes[p])
    tagger = timings.get("fk_tagger", 0.0)
    after = sum(t for name, t in timings.items() if name != "fk_tagger")
    summary.update({
        "articles": articles,
        "candidates_per_article": round(n_candidates / articles, 1) if articles else 0.0,
        "labels": dict(labels),
        "true_to_false": round(labels["True"] / labels["False"], 2) if labels["False"] else None,
        "missing_ends": dict(missing.most_common()),
        "seconds": {name: round(t, 3) for name, t in timings.items()},
        "components_after_tagger_per_tagger_time": round(after / tagger, 2) if tagger else None,
    })
    if args.rules:
        summary["rules"] = {r: dict(c) for r, c in sorted(by_rule.items())}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print(f"{args.split}: {articles} articles, candidate recall {summary['recall']} "
              f"({summary['covered']}/{summary['gold']})")
        for p, per in summary["relations"].items():
            why = ", ".join(f"{k} {v}" for k, v in sorted(per["misses"].items()))
            print(f"  {p:13} {per['recall']:.3f}  {per['covered']:3}/{per['gold']:<3}  misses: {why}")
        print(f"candidates per article {summary['candidates_per_article']}; labels {dict(labels)}; "
              f"true:false {summary['true_to_false']}")
        print("missing ends by gold type:", dict(missing.most_common()))
        print("seconds per component:", summary["seconds"],
              "; after the tagger / tagger:", summary["components_after_tagger_per_tagger_time"])
        if args.rules:
            for r, c in sorted(by_rule.items()):
                print(f"  {r:40} {dict(c)}")
    if args.misses:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
