"""Extraction time grows linearly with the text: doubling an article at most ~2.5x the time (and a long list
at most about twice the candidates).

A ratio measured within one run, in CPU time of the process, best of three interleaved runs
per size, so the load of the machine affects both sizes alike (``bench/bench_linear.py``
prints the whole curve). The texts are the long-clauses probe (ordinary prose in long
comma-separated sentences, the shape that made the former list patterns backtrack) and a
real article with credits and names.
"""
from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest
from spacy.language import Language

from kg.extract import analyse, candidates_of, extract, prepared
from kg.read import normalize

DATA = Path(__file__).resolve().parent.parent / "data"


def _cpu(text: str, nlp: Language) -> float:
    """CPU time of one extraction, the cyclic garbage collector off: its full collections walk the test
    process's whole heap (the pipeline, every test's leftovers) and fall on one size or the other by
    chance, which is noise in a ratio of the pipeline's own work."""
    gc.collect()
    gc.disable()
    try:
        t0 = time.process_time()
        extract(normalize(text, source="linear.txt"), nlp=nlp)
        return time.process_time() - t0
    finally:
        gc.enable()


def _doubled(text: str, times: int) -> str:
    for _ in range(times):
        text = text + "\n" + text
    return text


@pytest.mark.parametrize(("path", "doublings"), [
    (DATA / "probes" / "long-clauses.txt", 6),        # 64 and 128 copies: about 8,000 and 16,000 characters
    (DATA / "gold" / "xishui-2020-cadres.txt", 2),    # a real article, 4 and 8 copies
])
def test_doubling_the_text_at_most_about_doubles_the_time(path: Path, doublings: int, nlp: Language) -> None:
    base = path.read_text(encoding="utf-8")
    _assert_about_doubles(_doubled(base, doublings), _doubled(base, doublings + 1), nlp)


def _assert_about_doubles(small: str, large: str, nlp: Language) -> None:
    """The larger text (about twice the smaller) takes at most 2.5x the CPU time, best of three each."""
    _cpu(small, nlp)   # warm-up
    t_small = t_large = float("inf")
    for _ in range(3):
        t_small = min(t_small, _cpu(small, nlp))
        t_large = min(t_large, _cpu(large, nlp))
    ratio = t_large / t_small
    assert ratio <= 2.5, f"{len(small)} -> {len(large)} characters: {t_small:.3f} s -> {t_large:.3f} s ({ratio:.2f}x)"


def _names_and_posts(n: int) -> str:
    """One sentence of 3n names joined by 与 and n credit posts in brackets: the shape the fuzz campaign
    found (post-pairs read what lies between each name and each post by a scan: cubic in one sentence)."""
    return "镇里" + "胡志艳与赵兰与郭明英" * n + "朱艳洋（" + "通讯员" * n + "）。"


def test_a_sentence_of_many_names_and_posts_grows_linearly(nlp: Language) -> None:
    _assert_about_doubles(_names_and_posts(60), _names_and_posts(120), nlp)


def _honours(n: int) -> str:
    """A list of honours in one sentence: n names, each after its own village (invented, up to 400)."""
    sur, giv = "张李王赵刘陈杨黄周吴徐孙马朱胡郭何高林罗", "建国华明军伟芳丽强磊洋勇艳杰娟涛超秀霞平"
    first, second = "东西南北前后上下大小新老高低长青红白金石", "山林河湖塘桥岭坪湾沟坡庄园店营屯堡寨溪峰"
    items = [first[i % 20] + second[i // 20 % 20] + "村" + sur[i * 3 % 20] + giv[i % 20] + giv[i // 20 % 20]
             for i in range(n)]
    return "抗击疫情先进个人名单：" + "、".join(items) + "。"


def test_a_long_list_of_names_and_places_yields_candidates_in_proportion_to_its_length(nlp: Language) -> None:
    # every window rule pairs a mention with at most its 20 nearest (params.nearest): twice the list, about
    # twice the candidates (without the bound, four times: each name met every place of the sentence; 120 and
    # 240 items: 11,173 and 23,800 candidates, 40,790 and 163,632 without)
    small = len(candidates_of(analyse(prepared(normalize(_honours(120), source="t")), nlp=nlp)))
    large = len(candidates_of(analyse(prepared(normalize(_honours(240), source="t")), nlp=nlp)))
    assert small > 1000
    assert large <= 2.3 * small, (small, large)


def test_a_sentence_listing_names_and_places_grows_linearly(nlp: Language) -> None:
    # the shape of a list of honours: before the bound on window pairs and the indexed span filters, doubling
    # 250 items took 3.3x the time (each name met every place; each filter passed over every mention)
    _assert_about_doubles(_honours(100), _honours(200), nlp)


def _separator_run(n: int) -> str:
    """The fuzz campaign's find: a run of the separator 与 (a Han character) before names and a town-list tail;
    the former pattern of the listed towns parsed it in exponentially many ways (319 characters: 24 s)."""
    return "记者记者书记记者社区记者" + "与" * n + "孙平洋黄玉娜陈峰东何峰黄芳等乡镇"


def test_a_run_of_a_han_separator_grows_linearly(nlp: Language) -> None:
    _assert_about_doubles(_separator_run(8000), _separator_run(16000), nlp)


def _districts_streets_and_posts(n: int) -> str:
    """n clauses, each a district, two street sub-districts written short and listed, a city whose district's
    name runs on past a post's word (市|长安区) and a post: the session-19 rules read every district's streets
    (entities.street-subdistricts) and drop every post a place runs across, for each of n of them."""
    return "".join(f"东川区金桥街、银湖街，西安市长安区第{i}社区主任王{'明华军'[i % 3]}到场，" for i in range(n)) + "。"


def test_streets_and_posts_across_places_grow_linearly(nlp: Language) -> None:
    _assert_about_doubles(_districts_streets_and_posts(150), _districts_streets_and_posts(300), nlp)


def _highway_exits(n: int) -> str:
    """n clauses, each with expressway exits named after a place (entities.highway-exits), the adverb 高速 before
    a verb and an exit named by nothing: the rule looks for an ending after every 高速 and checks each site's
    edges against every mention; it must do so by lookups, not by a scan of the mentions per site."""
    return "".join(f"宁丰高速民安{i}号出口疫情防控卡点、东川市南高速出入口，经济高速发展，车辆从高速出口下来，"
                   for i in range(n)) + "。"


def test_highway_exits_grow_linearly(nlp: Language) -> None:
    _assert_about_doubles(_highway_exits(300), _highway_exits(600), nlp)


def test_a_run_of_roads_without_punctuation_grows_linearly(nlp: Language) -> None:
    """The reviewer's find: names and 高速 repeated with no punctuation; each 高速 walked back over every word
    before it looking for its head (3,200 repeats: 10.7 s in the rule alone). The head is now bounded."""
    _assert_about_doubles("王强李明高速" * 800 + "出口。", "王强李明高速" * 1600 + "出口。", nlp)


def _unit_chain(n: int) -> str:
    """A run of n unit chains with no punctuation (entities.named-sub-units): each parent word asks whether a
    chain of named sub-units closes after it, and every unit split from the run is looked up for the places
    inside it. Before the chain was read once per start (memo) and the places found by bisection, 1,600
    repeats took 4.2 s against 0.4 s for 400."""
    return "民警来自" + "河东公安分局石桥派出所东坪分局" * n + "白石派出所。"


def test_a_run_of_unit_chains_grows_linearly(nlp: Language) -> None:
    _assert_about_doubles(_unit_chain(800), _unit_chain(1600), nlp)


def _units_formed_in_one_sentence(n: int) -> str:
    """n clauses of one sentence, each people forming a temporary branch in a village: each branch took every person
    of the sentence before it as a member (a quadratic number of facts), every team was paired with every place of
    the sentence, and the unit's start, its owner and its place were each looked for by a walk over all candidates.
    2,000 clauses took 32.8 s against 0.87 s for 250."""
    sur, giv = "张李王赵刘陈杨黄周吴", "建国华明军伟芳丽强磊"
    return "".join(f"东坪村{sur[i % 10]}{giv[i // 10 % 10]}{giv[i % 10]}等人成立临时党支部，" for i in range(n)) + "。"


def test_units_formed_in_one_long_sentence_grow_linearly(nlp: Language) -> None:
    _assert_about_doubles(_units_formed_in_one_sentence(1000), _units_formed_in_one_sentence(2000), nlp)


def _many_units(n: int) -> str:
    """n enterprises, each named with a numbered address (某公司某村12号): a thousand distinct units of one shape. The
    resolver read every unit against every other (written forms, abbreviations, places' short forms, the units a
    name ends), and every place against every enterprise; 2,048 of them took 15.7 s against 4.3 s for 1,024."""
    return "".join(f"东山公司东坪村{i}号" for i in range(n)) + "。"


def test_many_distinct_units_grow_linearly(nlp: Language) -> None:
    _assert_about_doubles(_many_units(512), _many_units(1024), nlp)


def _unit_posts(n: int) -> str:
    """n names, each after a unit and a post (某局副局长某某、): each name was read against every post of the sentence
    (post_pairs), every post's words before it against every name (_post_lead), and every name found after an
    anchor against every name found before it; 1,024 of them took 1.43 s against 0.49 s for 512."""
    sur, giv = "张李王赵刘陈杨黄周吴", "建国华明军伟芳丽强磊"
    return "".join(f"东山区卫健局副局长{sur[i % 10]}{giv[i // 10 % 10]}{giv[i % 10]}、" for i in range(n)) + "到岗。"


def test_posts_and_names_of_one_long_sentence_grow_linearly(nlp: Language) -> None:
    _assert_about_doubles(_unit_posts(512), _unit_posts(1024), nlp)


def _listed_place_words(n: int) -> str:
    """A list of n tagger place words joined by 、, ending with a recognised compound: each item looked for a
    recognised place by walking the whole list (quadratic) before the list was read once, whole."""
    return "志愿者驻守" + "、".join("丰泰园" for _ in range(n)) + "和东兴家园。"


def test_a_long_list_of_place_words_grows_linearly(nlp: Language) -> None:
    _assert_about_doubles(_listed_place_words(3000), _listed_place_words(6000), nlp)


def _secretaries_of_no_community(n: int) -> str:
    """n community secretaries (社区书记某某) in an article that names no community, among many districts: each
    looked for the community in focus by walking back over every place before it (quadratic where none fits)."""
    sur, giv = "张李王赵刘陈杨黄周吴徐孙马朱胡郭何高林罗", "建国华明军伟芳丽强磊洋勇艳杰娟涛超秀霞平"
    return "".join(f"东川区、西山县、南岭市的社区书记{sur[i % 20]}{giv[i // 20 % 20]}{giv[i % 20]}到岗，"
                   for i in range(n)) + "。"


def test_the_place_in_focus_is_found_without_a_walk_back(nlp: Language) -> None:
    _assert_about_doubles(_secretaries_of_no_community(1000), _secretaries_of_no_community(2000), nlp)


def test_name_completion_is_linear_in_the_number_of_names(nlp: Language) -> None:
    """entities.name-completion finds every occurrence of the candidate names in one pass: a text of 2n distinct
    names (and n places) takes at most about twice the time of one of n (it scanned the text once per name)."""
    from kg.extract.entity_rules import ENTITY_RULE_KINDS, shipped_entity_rules
    from kg.extract.pipeline import resources_of
    from kg.extract.recognize import Cand

    res = resources_of(nlp)
    rule = next(r for r in shipped_entity_rules() if r.name == "entities.name-completion")
    apply = ENTITY_RULE_KINDS.get(rule.kind).apply
    assert apply is not None

    def case(n: int) -> tuple[str, list[Cand]]:
        parts, cands, pos = [], [], 0
        for i in range(n):
            name = chr(0x4E00 + i % 3000) + chr(0x5E00 + i // 3000)
            cands.append(Cand("PERSON", pos, pos + 2, name, "tagger"))
            place = chr(0x6E00 + i % 3000) + chr(0x7E00 + i // 3000) + "村"
            cands.append(Cand("PLACE", pos + 4, pos + 7, place, "tagger"))
            parts.append(name + "强、" + place + "，")
            pos += 8
        return "".join(parts), cands

    def cpu(text: str, cands: list[Cand]) -> float:
        gc.collect()
        gc.disable()
        try:
            t0 = time.process_time()
            out = apply(text, [], cands, res, rule)
            assert sum(c.end - c.start == 3 for c in out if c.label == "PERSON") == len(cands) // 2
            return time.process_time() - t0
        finally:
            gc.enable()

    small, large = case(3000), case(6000)
    t_small = min(cpu(*small) for _ in range(3))
    t_large = min(cpu(*large) for _ in range(3))
    assert t_large / t_small <= 2.5, f"{t_small:.3f} s -> {t_large:.3f} s"
