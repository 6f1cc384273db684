"""Candidate recall of the relation rules on a corpus split (every gold relation some candidate covers).

    python bench/candidate_recall.py dev
"""
import json
import sys
from pathlib import Path

from kg.corpus import Corpus
from kg.evaluate import load_gold
from kg.extract import analyse, build_pipeline, prepared
from kg.extract.labels import Recall, entity_names, gold_ends, labels
from kg.extract.pipeline import CANDIDATES, CONTEXT
from kg.read import read_file

split=sys.argv[1]
corpus=Corpus(Path('data/corpus'))
nlp=build_pipeline(rules_only=True)
rec=Recall(); lab={True:0,False:0,None:0}
for row in corpus.rows(split):
    gold=load_gold(corpus.gold_path(row.id))
    read=read_file(corpus.text_path(row.id, gold.article))
    arts=list(read) if isinstance(read,(list,tuple)) else [read]
    cands=[]; ends_all={}
    for a in arts:
        doc=analyse(prepared(a),nlp=nlp)
        ctx=doc.user_data[CONTEXT]
        ends=gold_ends(entity_names(ctx.resolution.drafts.values()), gold)
        cs=doc.user_data[CANDIDATES]
        for l in labels(cs,gold,ends): lab[l]+=1
        rec.add(cs,gold,ends,row.id)
print(json.dumps(rec.summary(),ensure_ascii=False,indent=1)); print(lab)
