"""The English label layer: tables of examples and counter-examples (kg.rdf.english)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.rdf.english import load_tables, organization_name, person_name, place_name, post_title, proper_name


@pytest.mark.parametrize(("name", "plain", "toned"), [
    ("陈艳玲", "Chen Yanling", "Chén Yànlíng"),
    ("王德", "Wang De", "Wáng Dé"),
    ("欧阳娜娜", "Ouyang Nana", "Ōuyáng Nànà"),          # a compound surname stays one word
    ("司马光", "Sima Guang", "Sīmǎ Guāng"),
    ("单雄信", "Shan Xiongxin", "Shàn Xióngxìn"),        # a surname read otherwise than its common reading
    ("曾小贤", "Zeng Xiaoxian", "Zēng Xiǎoxián"),
    ("张晓娥", "Zhang Xiao'e", "Zhāng Xiǎo'é"),          # apostrophe before a syllable opening with a/o/e
    ("马其惠", "Ma Qihui", "Mǎ Qíhuì"),
])
def test_person_names_surname_first_capitalised(name: str, plain: str, toned: str) -> None:
    assert person_name(name) == plain
    assert person_name(name, tones=True) == toned


@pytest.mark.parametrize("name", ["欧阳", "John Smith", ""])
def test_person_counter_examples(name: str) -> None:
    # a two-character name that is only a compound surname is surname + nothing, not a split surname
    assert person_name(name) == {"欧阳": "Ou Yang", "John Smith": "John Smith", "": ""}[name]


@pytest.mark.parametrize(("name", "english"), [
    ("仓山区", "Cangshan District"),
    ("新都区", "Xindu District"),                # the name reading of 都, not the adverb's
    ("长乐区", "Changle District"),
    ("湖南社区", "Hunan Community"),
    ("白云村", "Baiyun Village"),
    ("西安市", "Xi'an City"),
    ("宁夏回族自治区", "Ningxia Hui Autonomous Region"),    # the nationality named, as officially
    ("新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region"),
    ("广西壮族自治区", "Guangxi Zhuang Autonomous Region"),
    ("湘西土家族苗族自治州", "Xiangxi Tujia Miao Autonomous Prefecture"),
    ("清泉镇", "Qingquan Town"),
    ("社区", "Community"),
])
def test_place_names_stem_in_pinyin_suffix_translated(name: str, english: str) -> None:
    assert place_name(name) == english


@pytest.mark.parametrize(("name", "english"), [
    ("福州", "Fuzhou"),          # counter-example: 州 closes the name, it is not "Fu Prefecture"
    ("杭州", "Hangzhou"),
    ("湖南", "Hunan"),           # no suffix: the name only
])
def test_place_counter_examples(name: str, english: str) -> None:
    assert place_name(name) == english


@pytest.mark.parametrize(("name", "english"), [
    ("长乐区委组织部", "Changle District Party Committee Organisation Department"),
    ("区委组织部", "District Party Committee Organisation Department"),
    ("临时党支部", "Temporary Party Branch"),
    ("新都区农业农村局", "Xindu District Agriculture and Rural Affairs Bureau"),
    ("中共福州市委", "CPC Fuzhou Municipal Party Committee"),
    ("长乐区湖南镇白云村党支部", "Changle District Hunan Town Baiyun Village Party Branch"),
    ("四平市支援队", "Siping City Support Team"),
    ("区港澳台办", "District Hong Kong, Macao and Taiwan Affairs Office"),
])
def test_organisation_names_by_glossary_terms(name: str, english: str) -> None:
    assert organization_name(name) == english


@pytest.mark.parametrize(("name", "english"), [
    # counter-examples: a one-character term (局, 办, 部) inside a proper name does not cut it
    ("部落山社区党支部", "Buluoshan Community Party Branch"),
    # 超市 is a word, not 超 + 市 (City)
    ("琪安超市党支部", "Qi'an Supermarket Party Branch"),
])
def test_organisation_counter_examples(name: str, english: str) -> None:
    assert organization_name(name) == english


@pytest.mark.parametrize(("title", "english"), [
    ("街道党工委副书记", "Subdistrict Party Working Committee deputy secretary"),   # posts are kept whole
    ("区委组织部部长", "District Party Committee Organisation Department head"),
    ("一级科员", "Grade 1 staff member"),
    ("党支部书记", "Party branch secretary"),
    ("驻村第一书记", "village-based first secretary"),
    ("校长", "principal"),                               # the head's 长, not a name's cháng
])
def test_posts(title: str, english: str) -> None:
    assert post_title(title) == english


@pytest.mark.parametrize(("text", "english"), [("5G", "5G"), ("长乐5G", "Changle 5G"), ("A栋", "A Dong")])
def test_non_han_text_is_kept_as_written(text: str, english: str) -> None:
    assert proper_name(text) == english


def test_a_broken_table_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "en_glossary.tsv").write_text("局\tBureau\n党委 Party Committee\n", encoding="utf-8")
    for name in ("en_place_suffixes.tsv", "surname_readings.tsv", "proper_readings.tsv", "en_ethnic.tsv"):
        (tmp_path / name).write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="en_glossary.tsv:2"):
        load_tables(tmp_path)


def test_every_glossary_term_renders_alone() -> None:
    tables = load_tables()
    for term, english in tables.glossary.items():
        assert post_title(term) == english


def test_the_graph_carries_english_and_tone_marked_labels(dev_extraction) -> None:  # type: ignore[no-untyped-def]
    from rdflib import Literal
    from rdflib.namespace import RDFS, SKOS

    from kg.rdf import article_graph

    _iri, g = article_graph(dev_extraction)
    english = {str(o) for o in g.objects(None, RDFS.label) if isinstance(o, Literal) and o.language == "en"}
    assert {"Chen Yanling", "Baiyun Village"} <= english
    toned = {str(o) for o in g.objects(None, SKOS.altLabel)
             if isinstance(o, Literal) and (o.language or "").lower() == "zh-latn-pinyin"}
    assert "Chén Yànlíng" in toned
    roles = {str(o) for o in g.objects(None, SKOS.prefLabel) if isinstance(o, Literal) and o.language == "en"}
    assert "Grade 1 staff member" in roles
