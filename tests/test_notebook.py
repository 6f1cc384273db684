"""The notebook API (``kg.open``) over a real embedded store that ``kg.ingest`` wrote from real articles."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import kg
from kg.notebook import DEPLOYMENT_COLUMNS, PEOPLE_COLUMNS, KnowledgeGraph

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory, dev_article_path: Path) -> Path:
    from kg.ingest import ingest
    from kg.store.base import open_store

    path = tmp_path_factory.mktemp("store")
    store = open_store("oxigraph", path)
    try:
        report = ingest([dev_article_path, SAMPLES / "xishui-2020-cadres.txt"], store=store)
        assert not report.failures
    finally:
        store.close()
    return path


@pytest.fixture(scope="module")
def g(store_dir: Path) -> Iterator[KnowledgeGraph]:
    with kg.open(store_dir) as graph:
        yield graph


def test_deployments_of_a_person_carry_their_evidence(g: KnowledgeGraph, dev_article_path: Path) -> None:
    df = g.deployments(person="陈艳玲")
    assert list(df.columns) == DEPLOYMENT_COLUMNS
    row = df[df["place"] == "湖南社区"].iloc[0]
    assert row["agent"] == "陈艳玲" and "Person" in row["agent_types"]
    assert "陈艳玲" in row["evidence"] and row["article"].startswith("https://")
    assert row["end"] - row["start"] == len(row["evidence"])
    original = dev_article_path.read_text(encoding="utf-8")
    assert 0 <= row["original_start"] < row["original_end"] <= len(original)
    assert 0 < row["confidence"] <= 1


def test_the_same_name_in_traditional_or_pinyin(g: KnowledgeGraph) -> None:
    simplified = g.deployments(person="陈艳玲")
    assert not simplified.empty
    assert g.deployments(person="陳艷玲")["id"].tolist() == simplified["id"].tolist()
    assert g.deployments(person="chen yan ling")["id"].tolist() == simplified["id"].tolist()


def test_place_filter_takes_in_places_inside_and_dates_filter(g: KnowledgeGraph) -> None:
    inside = g.deployments(place="仓山区")
    # the district and the places inside it (a unit may be deployed to the district itself), none elsewhere
    assert "白云村" in set(inside["place"]) and set(inside["place"]) <= {"白云村", "仓山区"}
    assert {"马其惠", "陈永开", "林节仁"} <= set(inside["agent"])
    everything = g.deployments()
    assert len(everything) > len(inside) and everything["id"].is_unique
    assert set(everything["place"]) >= {"湖南社区", "白云村"} and "刘爱明" in set(everything["agent"])
    assert g.deployments(since="2030").empty
    assert len(g.deployments(limit=2)) == 2


def test_unknown_names_give_empty_tables_not_errors(g: KnowledgeGraph) -> None:
    assert g.deployments(person="无此人").empty
    empty = g.people(unit="无此单位")
    assert empty.empty and list(empty.columns) == PEOPLE_COLUMNS


def test_people_of_a_unit_with_posts_and_evidence(g: KnowledgeGraph) -> None:
    df = g.people(unit="区港澳台办")
    assert list(df.columns) == PEOPLE_COLUMNS
    row = df[df["person"] == "陈艳玲"].iloc[0]
    assert row["unit"] == "区港澳台办" and "一级科员" in row["titles"]
    assert row["evidence_count"] >= 1 and "陈艳玲" in row["evidence"]
    assert set(g.people()["person"]) >= {"陈艳玲", "刘爱明"}


def test_sparql_select_ask_and_construct(g: KnowledgeGraph) -> None:
    df = g.sparql('SELECT ?p ?name WHERE { ?p a fk:Person ; rdfs:label ?name '
                  'FILTER(langMatches(lang(?name), "zh-Hans")) } ORDER BY ?name')
    assert isinstance(df, pd.DataFrame) and list(df.columns) == ["p", "name"]
    assert "陈艳玲" in set(df["name"])
    assert g.sparql("ASK { ?p a fk:Person }") is True
    triples = g.sparql("CONSTRUCT { ?p a fk:Person } WHERE { ?p a fk:Person }")
    assert isinstance(triples, pd.DataFrame) and list(triples.columns) == ["subject", "predicate", "object"]
    assert len(triples) == len(df["p"].unique())


def test_the_documented_research_questions_script_runs(store_dir: Path) -> None:
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "docs" / "examples" / "research_questions.py"
    done = subprocess.run([sys.executable, str(script), str(store_dir)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    q1, rest = out.split("Q2.", 1)
    q2, q3 = rest.split("Q3.", 1)
    assert "区港澳台办" in q1 and "湖南社区" in q1
    assert "白云村" in q2 and "马其惠" in q2
    assert "长乐区" in q3 and "晋安区" in q3 and "支援" in q3
