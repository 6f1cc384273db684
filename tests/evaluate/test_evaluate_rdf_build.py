"""kg evaluate on graphs made by the project's real RDF builder (kg.rdf.build.to_dataset) and ontology."""
from __future__ import annotations

from kg.cli.evaluate import PROJECT_ONTOLOGY
from kg.evaluate import evaluate, merge, schema_graph
from kg.rdf.build import to_dataset
from kg.records import (
    ARTICLE,
    Article,
    Entity,
    EntityType,
    Extraction,
    Fact,
    OffsetMap,
    OrgKind,
    PlaceLevel,
    Predicate,
)

TEXT = "张三来到白沙村"


def toy_extraction() -> Extraction:
    article = Article(id="toy", source="toy.txt", raw=TEXT, text=TEXT,
                      offsets=OffsetMap(tuple(range(len(TEXT))), tuple(range(1, len(TEXT) + 1))))
    entities = (
        Entity("a", EntityType.PERSON, "张三"),
        Entity("b", EntityType.PERSON, "李四"),
        Entity("c", EntityType.PERSON, "王五"),
        Entity("vil", EntityType.PLACE, "白沙村", level=PlaceLevel.VILLAGE),
        Entity("town", EntityType.PLACE, "东山镇", level=PlaceLevel.TOWN),
        Entity("dist", EntityType.PLACE, "南河区", level=PlaceLevel.DISTRICT),
        Entity("wrong", EntityType.PLACE, "西湖区", level=PlaceLevel.DISTRICT),
        Entity("unit", EntityType.ORGANIZATION, "南河区财政局", org_kind=OrgKind.GOVERNMENT),
    )
    facts = (
        Fact("a", Predicate.DEPLOYED_TO, "vil"),
        Fact("a", Predicate.MEMBER_OF, "unit"),
        Fact("a", Predicate.JOB_TITLE, "一级科员"),
        Fact("vil", Predicate.CONTAINED_IN, "town"),
        Fact("town", Predicate.CONTAINED_IN, "dist"),
        Fact(ARTICLE, Predicate.AUTHOR, "c"),
    )
    return Extraction(article, entities, facts)


def test_builder_graph_scores_as_worked_out(gold) -> None:
    graph = merge(to_dataset([toy_extraction()]))
    ontology = PROJECT_ONTOLOGY if PROJECT_ONTOLOGY.is_dir() else None
    report = evaluate(gold, graph, schema_graph(graph, ontology))
    # entities: Person 张三 李四 王五 (tp 3); Place 白沙村 东山镇 南河区 (tp 3) + 西湖区 (fp 1);
    # Organization 南河区财政局 (tp 1), 白沙村临时党支部 missed (fn 1) -> tp 7, fp 1, fn 1
    assert (report.entities_micro.tp, report.entities_micro.fp, report.entities_micro.fn) == (7, 1, 1)
    (spurious,) = report.entity("Place").spurious      # all labels of the node, pinyin included
    assert "西湖区" in spurious.split(" / ")
    # relations: deployedTo 1 hit 1 miss (李四); memberOf 1; jobTitle 1 hit 1 miss (李四);
    # containedIn 2; locatedIn 0/1; supports 0/1; author 1 -> tp 6, fp 0, fn 4: P 1, R .6, F1 .75
    micro = report.relations_micro
    assert (micro.tp, micro.fp, micro.fn) == (6, 0, 4)
    assert round(micro.f1, 3) == 0.75
