"""No text of a test-split article appears in the code, lexicons, gazetteer or tests (the corpus files
themselves excepted), and the check can fail."""
from __future__ import annotations

import shutil
from pathlib import Path

from kg.corpus import CONTAMINATION_ROOTS, Corpus, contamination, protected_pieces

ROOT = Path(__file__).resolve().parents[2]


def test_no_test_split_text_outside_the_corpus(corpus: Corpus) -> None:
    leaks = contamination(corpus, [ROOT / r for r in CONTAMINATION_ROOTS], exclude=[corpus.root])
    # name the file and the article only: the report must not copy test text into a log either
    assert leaks == [], [f"{leak.file}: {leak.kind} of {leak.article}" for leak in leaks]


def test_the_check_finds_a_planted_window_and_name(corpus: Corpus, tmp_path: Path) -> None:
    """Plant four windows of a test article (one in Traditional, in code comments) and one gold Person name in
    a temp copy of the lexicons: both are reported (one window alone is not); the untouched copy is clean."""
    import opencc

    copy = tmp_path / "lexicons"
    shutil.copytree(ROOT / "data" / "lexicons", copy)
    assert contamination(corpus, [copy]) == []
    windows, people = protected_pieces(corpus)
    assert windows and people, "the test split must have text and named people"
    window, article = sorted(windows.items())[0]
    others = sorted(w for w, a in windows.items() if a == article and w != window)[:3]
    planted = copy / "planted.py"
    planted.write_text(f"# {opencc.OpenCC('s2t').convert(window)}\nX = 1\n", encoding="utf-8")
    assert contamination(corpus, [copy]) == []      # one window alone may be a set phrase of the genre
    planted.write_text(f"# {opencc.OpenCC('s2t').convert(window)}\nX = 1  # {' '.join(others)}\n", encoding="utf-8")
    leaks = contamination(corpus, [copy])
    assert [(leak.kind, leak.article, Path(leak.file).name) for leak in leaks] == [("window", article, "planted.py")]
    name, who = sorted(people.items())[0]
    (copy / "names.txt").write_text(f"甲\n{name}\n", encoding="utf-8")
    kinds = {(leak.kind, Path(leak.file).name, leak.article) for leak in contamination(corpus, [copy])}
    assert ("person", "names.txt", who) in kinds


def test_a_window_shared_by_two_articles_is_not_protected(tmp_path: Path) -> None:
    """Set phrases shared by two corpus articles (genre boilerplate, a site's footer) are not test text."""
    from kg.corpus import build_manifest, split_of, write_manifest

    from .conftest import make_corpus

    shared = "坚决打赢疫情防控阻击战人民战争总体战"
    urls = [u for u in (f"http://example.org/{i}" for i in range(200)) if split_of(u) == "test"][:2]
    c = make_corpus(tmp_path, {"t-1": (urls[0], f"甲。{shared}。张三下沉社区值守了十二天十二夜"),
                               "t-2": (urls[1], f"乙。{shared}。")})
    rows, _ = build_manifest(c)
    write_manifest(c.manifest_path, rows)
    windows, _ = protected_pieces(c)
    assert not any(w in shared for w in windows)
    assert "张三下沉社区值守了十二天" in windows
