"""The collective features of the scorer's second pass (``kg.extract.collective``): what the first pass thinks
of a candidate's neighbours in the article, read linearly."""
from __future__ import annotations

import gc
import time

from kg.extract.collective import bucket, collective_features

DEP, MEM = "deployedTo", "memberOf"


def _by_key(keys: list[tuple[str, str, str]], probs: list[float]) -> dict[tuple[str, str, str], set[str]]:
    return {k: set(f) for k, f in zip(keys, collective_features(keys, probs), strict=True)}


def test_buckets_cut_the_probability_range_in_fifths() -> None:
    assert [bucket(p) for p in (0.0, 0.19, 0.2, 0.5, 0.99, 1.0)] == ["0", "0", "1", "2", "4", "4"]
    assert bucket(None) == "none"


def test_a_member_of_a_team_deployed_to_the_place_reads_the_team_route() -> None:
    keys = [(MEM, "p:甲", "o:队"), (DEP, "o:队", "pl:村"), (DEP, "p:甲", "pl:村"), (DEP, "p:甲", "pl:镇")]
    f = _by_key(keys, [0.9, 0.85, 0.3, 0.3])
    assert "deployedTo|c-via=4" in f[(DEP, "p:甲", "pl:村")]       # min(0.9, 0.85): the team goes there
    assert "deployedTo|c-via=0" in f[(DEP, "p:甲", "pl:镇")]       # the team is not proposed there
    assert "deployedTo|c-member=4" in f[(DEP, "p:甲", "pl:镇")]
    # the team's membership reads the team's deployment; nobody else goes to 镇
    assert "memberOf|c-teamdep=4" in f[(MEM, "p:甲", "o:队")]
    assert "deployedTo|c-objother=none" in f[(DEP, "p:甲", "pl:镇")]
    assert "deployedTo|c-objother=4" in f[(DEP, "p:甲", "pl:村")]   # the team goes to 村 too


def test_a_subject_s_likeliest_object_is_its_argmax() -> None:
    keys = [(DEP, "p:乙", "pl:甲村"), (DEP, "p:乙", "pl:乙村"), (DEP, "p:丙", "pl:甲村")]
    f = _by_key(keys, [0.7, 0.2, 0.1])
    assert {"deployedTo|c-subjargmax=True", "deployedTo|c-subjother=1"} <= f[(DEP, "p:乙", "pl:甲村")]
    assert {"deployedTo|c-subjargmax=False", "deployedTo|c-subjother=3"} <= f[(DEP, "p:乙", "pl:乙村")]
    assert "deployedTo|c-via=none" in f[(DEP, "p:丙", "pl:甲村")]                  # no membership of 丙
    assert not any(x.startswith("deployedTo|c-subjargmax") for x in f[(DEP, "p:丙", "pl:甲村")])   # one object


def test_a_key_proposed_twice_counts_its_best_probability_once() -> None:
    keys = [(DEP, "p:甲", "pl:村"), (DEP, "p:甲", "pl:村"), (DEP, "p:乙", "pl:村")]
    f = collective_features(keys, [0.1, 0.9, 0.5])
    assert "deployedTo|c-objother=4" in f[2]                    # 乙 reads 甲's best proposal (0.9)
    assert "deployedTo|c-objother=2" in f[0] and f[0] == f[1]   # 甲 reads 乙's 0.5, never its own twin


def _shape(n: int) -> tuple[list[tuple[str, str, str]], list[float]]:
    """One person member of n teams, each deployed to its own place, and the person proposed for each place:
    the shape that would make a team route quadratic if every team of the subject were read."""
    keys: list[tuple[str, str, str]] = []
    for i in range(n):
        keys += [(MEM, "p:甲", f"o:{i}"), (DEP, f"o:{i}", f"pl:{i}"), (DEP, "p:甲", f"pl:{i}")]
    return keys, [((i * 7919) % 97) / 97 for i in range(len(keys))]


def _cpu(n: int) -> float:
    keys, probs = _shape(n)
    gc.collect()
    gc.disable()      # (a collection in one run and not the other is no growth of the function)
    try:
        t0 = time.process_time()
        collective_features(keys, probs)
        return time.process_time() - t0
    finally:
        gc.enable()


def test_the_features_grow_linearly_with_the_candidates() -> None:
    _cpu(4000)   # warm-up
    small = min(_cpu(4000) for _ in range(3))
    large = min(_cpu(8000) for _ in range(3))
    assert large / small <= 2.5, f"{small:.4f} s -> {large:.4f} s"
