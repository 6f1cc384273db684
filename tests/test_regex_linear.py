"""Every regular expression of kg and api runs in linear time on adversarial text.

``regex_audit`` collects the patterns (module objects, call sites, and the patterns compiled
while the pipeline runs on the samples) and scans 10,000-character adversarial strings with
each: Han names joined by every separator of the genre, unbalanced brackets, long runs of
punctuation, pinyin. A scan over 50 ms of thread CPU time (best of 3) is measured again on the text
written four times: it fails when it grows more than 8 times (a quadratic pattern grows 16 times, a
linear one 4) or took over 0.5 s, so the verdict does not depend on the machine's load. A pattern that
never ends is stopped: the check runs in child processes, one pattern at a time.

The last two tests plant a catastrophic pattern in a throw-away package and show that the
collector finds it wherever it hides and that the timing check flags it.
"""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import regex_audit

CATASTROPHIC = r"(?:[\u4e00-\u9fff]{2,4}[、，\s]*)+?摄$"


def test_every_pattern_of_the_project_is_linear() -> None:
    result = regex_audit.audit([], hang=20.0)
    assert result.forbidden == [], f"imports that hide patterns from the audit: {result.forbidden}"
    assert result.uncovered == [], (
        f"patterns built from local values at these call sites were never compiled while the samples ran, "
        f"so the audit cannot see them: {result.uncovered}")
    assert result.patterns > 100
    assert result.checked == result.patterns
    assert result.slow == [], "patterns slower than 50 ms on adversarial text:\n" + "\n".join(
        f"  {s['where']}: {s['pattern'][:120]!r} on {s['text']!r}: "
        f"{'never ended' if s['seconds'] is None else str(s['seconds']) + ' s'}" for s in result.slow)


def test_the_growth_check_tells_a_heavy_linear_pattern_from_a_quadratic_one() -> None:
    """With a limit every scan exceeds, a linear pattern (one pass, whatever its constant) is kept and a
    quadratic one (each start scans to the end of a run) is reported."""
    linear = regex_audit.Found(r"(?:1|2|3|4|5|6|7|8|9)(?=1)", 0, "re", "test:linear")
    quadratic = regex_audit.Found(r"1+x", 0, "re", "test:quadratic")
    long_run, short_run = "1" * 100_000, "1" * 2_000     # scans of a few milliseconds each
    assert regex_audit.slow_patterns([linear], {"digits": long_run}, limit=1e-7) == []
    [(found, name, _)] = regex_audit.slow_patterns([quadratic], {"digits": short_run}, limit=1e-7)
    assert (found.where, name) == ("test:quadratic", "digits")
    assert regex_audit.growth(quadratic.compiled(), short_run) > regex_audit.GROWTH


def test_adversarial_texts_are_long_and_varied() -> None:
    texts = regex_audit.adversarial_texts()
    assert len(texts) > 80
    assert all(len(t) >= 9_000 for t in texts.values())
    joined = "".join(texts.values())
    for sep in regex_audit.SEPARATORS:
        assert sep in joined
    for ch in "（【「『《[{(":
        assert ch * 1000 in joined   # unbalanced brackets of every kind


def _plant(root: Path) -> Path:
    pkg = root / "planted"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "hidden.py").write_text(textwrap.dedent(f'''
        import functools
        import re

        NAMES = r"{CATASTROPHIC}"
        LINEAR = re.compile(r"[\\u4e00-\\u9fff]{{2,4}}")


        class Credits:
            PHOTO = re.compile(NAMES + "|影")


        def inline(text):
            return re.search(r"(?:[\\u4e00-\\u9fff]{{2,4}}、*)+?图$", text)


        def lazily(words):
            return re.compile("|".join(words) + r"(?:[\\u4e00-\\u9fff]{{2,4}}，*)+?文$")


        @functools.lru_cache
        def never_called(words):
            return re.compile("(?:" + words + ")+$")
    '''), encoding="utf-8")
    return pkg


def test_the_collector_finds_patterns_wherever_they_hide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _plant(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))

    def run() -> None:
        import planted.hidden as hidden

        hidden.lazily(["记者", "通讯员"])

    found, uncovered = regex_audit.collect(run, packages=("planted",), root=tmp_path)
    patterns = {f.pattern: f.where for f in found}
    assert patterns[CATASTROPHIC + "|影"] == "planted.hidden.Credits.PHOTO"          # a class attribute
    assert "planted.hidden.LINEAR" in patterns.values()                              # a module global
    assert patterns[r"(?:[\u4e00-\u9fff]{2,4}、*)+?图$"].startswith("planted/hidden.py:")  # an inline call
    assert any(p.startswith("记者|通讯员") and w.startswith("runtime planted/hidden.py:")
               for p, w in patterns.items())                                          # compiled at run time
    # a pattern built from local values that the run never compiled is named, so it cannot slip through
    assert [(s.file, s.func) for s in uncovered] == [("planted/hidden.py", "compile")]
    source = (tmp_path / uncovered[0].file).read_text(encoding="utf-8").splitlines()
    assert source[uncovered[0].line - 2].strip() == "def never_called(words):"


def test_the_timing_check_flags_a_catastrophic_pattern(tmp_path: Path) -> None:
    _plant(tmp_path)
    result = regex_audit.audit(["planted", "--root", str(tmp_path), "--no-run", "--size", "3000"],
                               hang=10.0, setup=120.0)
    flagged = {s["where"] for s in result.slow or []}
    assert "planted.hidden.Credits.PHOTO" in flagged
    assert any(w.startswith("planted/hidden.py:") for w in flagged)                   # the inline one
    assert "planted.hidden.LINEAR" not in flagged
    assert result.checked == result.patterns


def test_the_name_list_loop_accepts_what_the_pattern_did() -> None:
    from kg.read.lists import is_name_list

    pattern = re.compile(r"(?:[\u4e00-\u9fff]{2,4}[、，\s]*)+")
    cases = ["张三", "张三、李四", "张三 李四丰、", "张", "张三、李", "、张三", "张三a", "张三丰李四王五", "",
             "张三\n李四"]
    for case in cases:
        assert is_name_list(case, "、，", spaces=True) == bool(pattern.fullmatch(case)), case
    assert is_name_list("张三" * 50_000, "、")   # one pass over a 100,000-character run
    assert not is_name_list("张三" * 50_000 + "a", "、")
