"""Extraction time grows linearly on adversarial shapes of one long sentence: a clause repeated many times, where a
rule that reads, for each cue or mention, everything written before it (or every mention of the article) is
quadratic.

Each probe doubles the repeats and allows at most 2.5x the CPU time (best of three, garbage collector off: the
helper of ``test_linear_time``); its docstring gives the times measured for one doubling before and after the
fix, rules only as the ``nlp`` fixture runs.
"""
from __future__ import annotations

import gc
import time

from spacy.language import Language

from kg.extract.pipeline import TEXT, TOKENS, bare_doc
from kg.read import normalize

from .test_linear_time import _assert_about_doubles


def _team_references(n: int) -> str:
    return "东坪医疗队抵达石桥村。" + "该队队员在村里值守，" * n + "。"


def test_presence_cues_with_no_place_grow_linearly(nlp: Language) -> None:
    """refs: n presence cues (值守) in one sentence, none with a place after it. Each looked back over its whole
    sentence for a 在 + place frame, reading the places after every 在 (relations ``_framed_place``), and each cue
    written was checked against every cue kept before it (``CueStarts.within``). 600 -> 1,200 clauses (6,000 ->
    12,000 characters): 0.33 s -> 1.00 s (x3.0) before, 0.17 s -> 0.34 s (x2.0) after."""
    _assert_about_doubles(_team_references(600), _team_references(1200), nlp)


def _supports(n: int) -> str:
    return "东山区支援石桥区、" * n + "。"


def test_a_long_clause_of_support_cues_grows_linearly(nlp: Language) -> None:
    """support: n support cues (支援) in one clause. Each cue read every place of the clause before it (the places
    listed before it, the place opening the clause, the places a count of people follows), searched the clause
    before it with regexes, and each word after a cue was checked against every mention (entities
    ``_cue_short_forms``). 700 -> 1,400 clauses (6,300 -> 12,600 characters): 0.56 s -> 1.78 s (x3.2) before,
    0.25 s -> 0.49 s (x2.0) after."""
    _assert_about_doubles(_supports(700), _supports(1400), nlp)


def _teams_sent(n: int) -> str:
    return "".join(f"县医院派出医疗队驰援东坪{i}村，" for i in range(100, 100 + n)) + "。"


def test_a_unit_sending_teams_to_many_villages_grows_linearly(nlp: Language) -> None:
    """teams-sent: one unit named in each of n clauses, sending a team to a village. Each candidate of the unit
    looked for its nearest mention by a walk over all of them (discourse ``_nearest_span``), each village for the
    divisions above it by a walk over all divisions (``enclosing_division``), each village name for the longer
    ones ending with it (entities ``_whole_village``). 400 -> 800 clauses (6,800 -> 13,600 characters): 0.57 s
    -> 1.67 s (x2.9) before, 0.37 s -> 0.79 s (x2.1) after."""
    _assert_about_doubles(_teams_sent(400), _teams_sent(800), nlp)


def _stationed(n: int) -> str:
    return "".join(f"县交通局驻东坪{i}村工作队、" for i in range(100, 100 + n)) + "出发。"


def _recognition_cpu(text: str, nlp: Language) -> float:
    """CPU time of the recogniser component (mentions and entity rules) over the tagger's words of ``text``."""
    doc = bare_doc(nlp)
    doc.user_data[TEXT] = normalize(text, source="linear.txt").text
    doc = nlp.get_pipe("fk_tagger")(doc)
    tokens = doc.user_data[TOKENS]
    recognise = nlp.get_pipe("fk_entities")
    gc.collect()
    gc.disable()
    try:
        t0 = time.process_time()
        recognise(doc)
        return time.process_time() - t0
    finally:
        gc.enable()
        doc.user_data[TOKENS] = tokens


def test_recognising_a_long_list_of_stationed_teams_grows_linearly(nlp: Language) -> None:
    """stationed: n teams a unit stationed in villages (某局驻某村工作队), listed with 、. Recognition kept a unit
    listed after a kept one by a walk over every unit kept (``find_orgs``), sorted every place end found so far
    for each village name read (``_place_prefix``), searched the text from its start for a list before each
    (``_LISTED_PLACE``) and the whole text once per village (entities ``_known_places``). Recognition alone: the
    resolution of these teams has quadratic merges of its own (``kg.extract.resolve``). 800 -> 1,600 teams
    (12,000 -> 24,700 characters): 0.21 s -> 0.65 s (x3.0) before, 0.11 s -> 0.22 s (x2.0) after."""
    small, large = _stationed(800), _stationed(1600)
    _recognition_cpu(small, nlp)   # warm-up
    t_small = min(_recognition_cpu(small, nlp) for _ in range(3))
    t_large = min(_recognition_cpu(large, nlp) for _ in range(3))
    assert t_large / t_small <= 2.5, f"{len(small)} -> {len(large)} characters: {t_small:.3f} s -> {t_large:.3f} s"
