"""Find every regular expression of the project and time it on adversarial text.

Imported by the tests as ``regex_audit`` (pytest puts ``tests/`` on ``sys.path``).

Patterns are collected three ways, so a new one cannot escape:

* **objects**: every module under ``kg`` and ``api`` is imported and its globals, the
  attributes of its classes, the defaults and closures of its functions (and what
  containers hold) are walked for compiled patterns (``re`` and ``re2``);
* **call sites**: the source is parsed and the pattern argument of every ``re.*``/``re2.*``
  call is evaluated in its module's globals (``re.search(f"[{HAN}]", ch)``);
* **run time**: ``re._compile`` (behind every ``re`` function) and ``re2.compile`` are
  wrapped while the pipeline runs on sample articles, recording the patterns and where
  they were compiled. A call site whose argument needs local variables must be reached
  by that run, else :func:`uncovered_sites` names it.
"""
from __future__ import annotations

import ast
import contextlib
import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kg", "api")
# module functions that take a pattern as their first argument
PATTERN_FUNCS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}
ENGINES = ("re", "re2")


@dataclass(frozen=True)
class Found:
    """One pattern and where it was found."""

    pattern: str
    flags: int
    engine: str   # re | re2
    where: str    # module.NAME, file:line, or "runtime file:line"

    def compiled(self) -> Any:
        if self.engine == "re2":
            import re2

            return re2.compile(self.pattern)
        return re.compile(self.pattern, self.flags)


def _is_re2(obj: object) -> bool:
    return type(obj).__module__.startswith("re2") and hasattr(obj, "pattern") and hasattr(obj, "finditer")


def _as_found(obj: object, where: str) -> Found | None:
    if isinstance(obj, re.Pattern):
        if isinstance(obj.pattern, bytes):
            return Found(obj.pattern.decode("latin-1"), obj.flags & ~re.UNICODE, "re", where)
        return Found(obj.pattern, obj.flags & ~re.UNICODE, "re", where)
    if _is_re2(obj):
        return Found(str(obj.pattern), 0, "re2", where)
    return None


def project_modules(packages: Iterable[str] = PACKAGES) -> list[ModuleType]:
    """Every module of ``packages``, imported."""
    mods: list[ModuleType] = []
    for name in packages:
        pkg = importlib.import_module(name)
        mods.append(pkg)
        for info in pkgutil.walk_packages(pkg.__path__, prefix=f"{name}."):
            mods.append(importlib.import_module(info.name))
    return mods


def patterns_in_objects(modules: Iterable[ModuleType], packages: Iterable[str] = PACKAGES) -> list[Found]:
    """Compiled patterns reachable from module globals, classes, functions and containers."""
    found: list[Found] = []
    seen: set[int] = set()
    ours_pkgs = set(packages)

    def ours(obj: object) -> bool:
        mod = getattr(type(obj), "__module__", "") or ""
        return mod.split(".")[0] in ours_pkgs

    def walk(obj: object, where: str, depth: int) -> None:
        if depth > 6 or id(obj) in seen:
            return
        seen.add(id(obj))
        hit = _as_found(obj, where)
        if hit is not None:
            found.append(hit)
            return
        if isinstance(obj, dict):
            for k, v in obj.items():
                walk(v, f"{where}[{k!r}]", depth + 1)
        elif isinstance(obj, list | tuple | set | frozenset):
            for i, v in enumerate(obj):
                walk(v, f"{where}[{i}]", depth + 1)
        elif isinstance(obj, type):
            if obj.__module__.split(".")[0] in ours_pkgs:
                for k, v in vars(obj).items():
                    walk(v, f"{where}.{k}", depth + 1)
        elif isinstance(obj, FunctionType | staticmethod | classmethod) or hasattr(obj, "__wrapped__"):
            fn = getattr(obj, "__func__", obj)
            fn = getattr(fn, "__wrapped__", fn)
            if isinstance(fn, FunctionType):
                for i, v in enumerate(fn.__defaults__ or ()):
                    walk(v, f"{where}.<default {i}>", depth + 1)
                for k, v in (fn.__kwdefaults__ or {}).items():
                    walk(v, f"{where}.<default {k}>", depth + 1)
                for name, cell in zip(fn.__code__.co_freevars, fn.__closure__ or (), strict=True):
                    with contextlib.suppress(ValueError):
                        walk(cell.cell_contents, f"{where}.<closure {name}>", depth + 1)
        elif ours(obj) and hasattr(obj, "__dict__"):
            for k, v in vars(obj).items():
                walk(v, f"{where}.{k}", depth + 1)
        elif ours(obj) and hasattr(type(obj), "__slots__"):
            for k in type(obj).__slots__:
                if hasattr(obj, k):
                    walk(getattr(obj, k), f"{where}.{k}", depth + 1)

    for mod in modules:
        for name, value in list(vars(mod).items()):
            if isinstance(value, ModuleType):
                continue
            walk(value, f"{mod.__name__}.{name}", 0)
    return found


@dataclass(frozen=True)
class Site:
    """A call ``re.X(pattern, ...)`` in the source."""

    file: str       # relative to the project root
    line: int
    module: str
    engine: str
    func: str
    node: ast.expr  # the pattern argument
    flags: ast.expr | None = None


# position of the flags argument of each function
_FLAGS_AT = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2, "split": 3,
             "sub": 4, "subn": 4}


def _module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _sources(packages: Iterable[str], root: Path) -> Iterator[Path]:
    for pkg in packages:
        yield from sorted((root / pkg).rglob("*.py"))


def call_sites(packages: Iterable[str] = PACKAGES, root: Path = ROOT) -> list[Site]:
    """Every call of a pattern function of ``re``/``re2`` in the packages' source."""
    sites: list[Site] = []
    for path in _sources(packages, root):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in ENGINES
                and node.func.attr in PATTERN_FUNCS
                and node.args
            ):
                at = _FLAGS_AT[node.func.attr]
                flags = node.args[at] if len(node.args) > at else next(
                    (k.value for k in node.keywords if k.arg == "flags"), None)
                sites.append(Site(str(path.relative_to(root)), node.lineno, _module_name(path, root),
                                  node.func.value.id, node.func.attr, node.args[0], flags))
    return sites


def forbidden_imports(packages: Iterable[str] = PACKAGES, root: Path = ROOT) -> list[str]:
    """Imports that would bypass the collection: ``from re import ...``, aliases, the backtracking ``regex``."""
    bad: list[str] = []
    for path in _sources(packages, root):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.ImportFrom) and node.module in ("re", "re2", "regex", "sre_compile"):
                bad.append(f"{where}: from {node.module} import ...")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "regex" or (alias.name in ENGINES and alias.asname not in (None, alias.name)):
                        bad.append(f"{where}: import {alias.name} as {alias.asname}")
    return bad


def patterns_at_sites(sites: Iterable[Site]) -> tuple[list[Found], list[Site]]:
    """Patterns of the call sites whose argument evaluates in module globals; the other sites."""
    found: list[Found] = []
    dynamic: list[Site] = []
    for site in sites:
        arg = site.node
        if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "escape":
            continue  # re.escape(...): a literal string, matched in linear time
        env = dict(vars(importlib.import_module(site.module)))
        try:
            value = eval(compile(ast.Expression(arg), site.file, "eval"), env)  # noqa: S307 - our own source
            flags = 0 if site.flags is None else int(eval(compile(ast.Expression(site.flags), site.file, "eval"), env))
        except NameError:
            dynamic.append(site)
            continue
        if isinstance(value, str):
            if site.engine == "re":
                value = re.compile(value, flags)  # flags written inline ((?m)) count like given ones
            else:
                found.append(Found(value, 0, "re2", f"{site.file}:{site.line}"))
                continue
        hit = _as_found(value, f"{site.file}:{site.line}")
        if hit is not None:
            found.append(hit)
    return found, dynamic


@contextlib.contextmanager
def recording(packages: Iterable[str] = PACKAGES, root: Path = ROOT
              ) -> Iterator[tuple[list[Found], set[tuple[str, int]]]]:
    """Record every pattern compiled by project code while the block runs, and the call sites reached."""
    found: list[Found] = []
    reached: set[tuple[str, int]] = set()
    roots = [str(root / p) + "/" for p in packages]

    skip = {str(Path(re.__file__).parent)}
    with contextlib.suppress(ImportError):
        import re2 as _re2

        skip.add(str(Path(_re2.__file__).parent))

    def caller() -> tuple[str, int] | None:
        """Where the project called the engine: the first frame outside it, if it is project code
        (a library that compiles patterns while the project calls it is not the project's pattern)."""
        frame = sys._getframe(2)
        while frame is not None and str(Path(frame.f_code.co_filename).parent) in skip:
            frame = frame.f_back  # type: ignore[assignment]
        if frame is None:
            return None
        fname = frame.f_code.co_filename
        if any(fname.startswith(r) for r in roots):
            return str(Path(fname).relative_to(root)), frame.f_lineno
        return None

    original = re._compile  # type: ignore[attr-defined]

    def spy(pattern: Any, flags: Any) -> Any:
        compiled = original(pattern, flags)
        where = caller()
        if where is not None:
            reached.add(where)
            hit = _as_found(compiled, f"runtime {where[0]}:{where[1]}")
            if hit is not None:
                found.append(hit)
        return compiled

    re2_mod: Any = None
    re2_original: Callable[..., Any] | None = None
    with contextlib.suppress(ImportError):
        import re2 as re2_mod

        re2_original = re2_mod.compile

        def spy2(pattern: Any, *args: Any, **kw: Any) -> Any:
            compiled = re2_original(pattern, *args, **kw)  # type: ignore[misc]
            where = caller()
            if where is not None:
                reached.add(where)
                found.append(Found(str(compiled.pattern), 0, "re2", f"runtime {where[0]}:{where[1]}"))
            return compiled

        re2_mod.compile = spy2
    re._compile = spy  # type: ignore[attr-defined]
    try:
        yield found, reached
    finally:
        re._compile = original  # type: ignore[attr-defined]
        if re2_mod is not None:
            re2_mod.compile = re2_original


def uncovered_sites(dynamic: Iterable[Site], reached: set[tuple[str, int]]) -> list[Site]:
    """Dynamic call sites (pattern built from local values) that the run-time recording never reached."""
    out = []
    for s in dynamic:
        # a call spread over several lines reports the line of the running sub-expression
        lines = {ln for f, ln in reached if f == s.file}
        end = getattr(s.node, "end_lineno", s.line) or s.line
        if not any(s.line <= ln <= end + 1 for ln in lines):
            out.append(s)
    return out


def collect(run: Callable[[], object] | None = None, packages: Iterable[str] = PACKAGES, root: Path = ROOT
            ) -> tuple[list[Found], list[Site]]:
    """Every pattern of ``packages`` (deduplicated) and the dynamic call sites ``run`` left uncovered."""
    packages = tuple(packages)
    modules = project_modules(packages)
    found = patterns_in_objects(modules, packages)
    at_sites, dynamic = patterns_at_sites(call_sites(packages, root))
    found += at_sites
    reached: set[tuple[str, int]] = set()
    if run is not None:
        with recording(packages, root) as (recorded, reached):
            run()
        found += recorded
    unique: dict[tuple[str, int, str], Found] = {}
    for f in found:
        unique.setdefault((f.pattern, f.flags, f.engine), f)
    return sorted(unique.values(), key=lambda f: (f.where, f.pattern)), uncovered_sites(dynamic, reached)


# --------------------------------------------------------------------------- adversarial text

# common given names and surnames, none from an evaluation article
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅志文斌海燕玉兰晓东雪峰春"
SEPARATORS = ["、", "，", ",", "；", ";", "/", "／", "和", "及", "与", " ", "\u3000", "\t", "·", "|", "｜",
              "：", ":", "\n", " 、 ", "", "摄", "记者", "通讯员"]
TRIGGERS = ["", "（", "(", "【", "[", "「", "“", "记者", "（记者 ", "(通讯员", "（特约记者", "摄影：", "摄影 ",
            "来源：", "文/", "图：", "讯", "本报讯 记者", "新华社", "编辑：", "\n", "。", "名叫", "队员包括：",
            "担任", "报道"]
BRACKETS = "（）()【】[]「」『』“”‘’《》〈〉{}<>"
PUNCT = "，。、；：？！…—·“”‘’（）《》【】,.;:?!-/|～~ \u3000\t"


def han_names(n_chars: int, sep: str, seed: int = 0) -> str:
    """``n_chars`` characters of two- and three-character names joined by ``sep``."""
    out: list[str] = []
    size, i = 0, seed
    while size < n_chars:
        name = _SURNAMES[i % len(_SURNAMES)] + _GIVEN[(i * 7) % len(_GIVEN)]
        if i % 3:
            name += _GIVEN[(i * 11 + 3) % len(_GIVEN)]
        out.append(name)
        size += len(name) + len(sep)
        i += 1
    return sep.join(out)[:n_chars]


def adversarial_texts(size: int = 10_000) -> dict[str, str]:
    """Named adversarial strings of about ``size`` characters each."""
    texts: dict[str, str] = {}
    per = max(60, size // len(TRIGGERS))
    for k, sep in enumerate(SEPARATORS):
        texts[f"names sep={sep!r}"] = "".join(t + han_names(per, sep, seed=k + j)
                                              for j, t in enumerate(TRIGGERS))[:size]
        texts[f"names sep={sep!r} plain"] = han_names(size, sep, seed=k)
        # each trigger opening a line, and after a sentence's end, the list closed by a character no list
        # holds: patterns anchored there (^, after 。) read the whole list and then fail
        texts[f"names sep={sep!r} lines"] = "".join(f"\n{t}" + han_names(per - 2, sep, seed=k + j) + "x"
                                                    for j, t in enumerate(TRIGGERS))[:size]
        texts[f"names sep={sep!r} sentences"] = "".join(f"。{t}" + han_names(per - 2, sep, seed=k + j) + "x"
                                                        for j, t in enumerate(TRIGGERS))[:size]
    texts["open brackets"] = "".join(b + han_names(8, "、", seed=i) for i, b in enumerate(BRACKETS * 400))[:size]
    for b in BRACKETS:
        texts[f"bracket run {b}"] = b * size
        texts[f"bracket names {b}"] = (b + "记者 " + han_names(40, "、")) * (size // 45)
    texts["punctuation"] = (PUNCT * (size // len(PUNCT) + 1))[:size]
    for p in "，。、；：！？…—·/ \u3000\t\n.-:>":
        texts[f"punct run {p!r}"] = p * size
        texts[f"punct runs {p!r} after triggers"] = "".join(t + p * (size // len(TRIGGERS)) for t in TRIGGERS)
    syl = ["wǎng", "zhāng", "lǐ", "xīn", "wén", "huá", "shè", "jì", "zhě", "Wang", "Xiaoming", "zhong"]
    texts["pinyin"] = " ".join(syl[i % len(syl)] for i in range(size // 4))[:size]
    texts["pinyin glued"] = "".join(syl[i % len(syl)] for i in range(size // 4))[:size]
    texts["pinyin glosses"] = "".join(f"网({syl[i % len(syl)]})" for i in range(size // 4))[:size]
    texts["digits dates"] = ("2022年3月5日" + "12:30:45" + "1" * 20) * (size // 40)
    texts["latin"] = ("a" * 50 + " ") * (size // 51)
    texts["han run"] = han_names(size, "")
    # a run of one Han separator (与与与…, the fuzz campaign's find): a pattern of repeated items and
    # separators, both Han, parses it in exponentially many ways before it fails
    texts["separator run 与"] = "记者" + "与" * size
    texts["separator runs between names"] = ("书记" + "与" * 120 + han_names(30, "")) * (size // 152)
    texts["html comments"] = "<!-- a -->" * (size // 10 - 1) + "x"
    texts["html unclosed"] = "<!--" * (size // 4)
    texts["markup"] = ("<p class='a'>" + han_names(20, "、") + "</p>\n") * (size // 40)
    texts["urls"] = "http://" + "a/" * (size // 2)
    texts["blank lines"] = (" \n" * (size // 2))
    texts["crlf"] = ("\r\n" * (size // 2))
    return texts


def cpu_time(fn: Callable[[], object], *, repeat: int = 3, limit: float | None = None) -> float:
    """Best thread CPU time of ``fn`` over ``repeat`` runs (stops early when one run is under ``limit``)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.thread_time()
        fn()
        best = min(best, time.thread_time() - t0)
        if limit is not None and best <= limit:
            break
    return best


def exhaust(compiled: Any, text: str) -> int:
    """Every match of ``compiled`` in ``text`` (search from each position, as finditer does)."""
    return sum(1 for _ in compiled.finditer(text))


# A scan over ``limit`` is measured again on the text written four times: a linear pattern takes about four
# times as long, a quadratic one sixteen times, so the verdict is a ratio within one process (a busy machine
# slows both scans alike) and a heavy but linear pattern is not failed for the load of the machine. A scan
# over ``CEILING`` fails whatever its growth.
REPEAT = 4
GROWTH = 8.0
CEILING = 0.5


def slow_patterns(found: Iterable[Found], texts: dict[str, str], *, limit: float = 0.05,
                  on_text: Callable[[str], object] | None = None) -> list[tuple[Found, str, float]]:
    """(pattern, text name, seconds) for every pattern whose full scan of a text took over ``limit`` and
    grows faster than linearly (over ``GROWTH`` times on the text written ``REPEAT`` times), or took over
    ``CEILING``.
    ``on_text(name)`` is called before each scan (a heartbeat for a supervisor)."""
    slow: list[tuple[Found, str, float]] = []
    for f in found:
        compiled = f.compiled()
        for name, text in texts.items():
            if on_text is not None:
                on_text(name)
            spent = cpu_time(lambda c=compiled, t=text: exhaust(c, t), limit=limit)
            if spent > limit and (spent > CEILING or growth(compiled, text) > GROWTH):
                slow.append((f, name, spent))
                break
    return slow


def growth(compiled: Any, text: str, *, rounds: int = 5) -> float:
    """How many times longer a full scan of ``text`` written ``REPEAT`` times takes than a scan of ``text``:
    about ``REPEAT`` for a linear pattern, its square for a quadratic one. The two scans alternate and the
    best of each is kept, so a busy machine slows both alike."""
    longer = text * REPEAT
    short = long = float("inf")
    for _ in range(rounds):
        short = min(short, cpu_time(lambda: exhaust(compiled, text), repeat=1))
        long = min(long, cpu_time(lambda: exhaust(compiled, longer), repeat=1))
    return long / max(short, 1e-9)


# --------------------------------------------------------------------------- the check, in a child process

def sample_run() -> None:
    """Read and extract the bundled samples and the gold articles and build their RDF:
    the run during which lazily compiled patterns are recorded."""
    from kg.extract import build_pipeline, extract
    from kg.rdf.build import to_dataset
    from kg.read import read_paths
    from kg.records import Article

    nlp = build_pipeline()
    gold = ROOT / "tests" / "data" / "gold"
    paths = [ROOT / "data" / "samples", *(p for p in sorted(gold.iterdir()) if not p.name.endswith((".json", ".md")))]
    articles = [a for a in read_paths(paths) if isinstance(a, Article)]
    to_dataset([extract(a, nlp=nlp) for a in articles])


def check(found: list[Found], texts: dict[str, str], *, limit: float, out: Any, first: int = 0) -> None:
    """Print ``start``/``ok``/``slow`` lines per pattern, so a parent can name a pattern that never ends."""
    import json

    for i, f in enumerate(found):
        if i < first:
            continue
        print(json.dumps({"start": i, "where": f.where, "pattern": f.pattern[:300]}, ensure_ascii=False),
              file=out, flush=True)
        slow = slow_patterns([f], texts, limit=limit,
                             on_text=lambda name: print(json.dumps({"scan": name}), file=out, flush=True))
        if slow:
            _, name, spent = slow[0]
            print(json.dumps({"slow": i, "text": name, "seconds": round(spent, 4)}), file=out, flush=True)
        else:
            print(json.dumps({"ok": i}), file=out, flush=True)
    print(json.dumps({"done": len(found)}), file=out, flush=True)


def main(argv: list[str]) -> None:
    """``python regex_audit.py [PACKAGE ...] [--root DIR] [--no-run] [--limit S] [--size N]``"""
    import argparse
    import json

    ap = argparse.ArgumentParser()
    ap.add_argument("packages", nargs="*", default=list(PACKAGES))
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--no-run", action="store_true", help="skip the run-time recording on the samples")
    ap.add_argument("--limit", type=float, default=0.05)
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--first", type=int, default=0, help="start at this pattern (after one that never ended)")
    args = ap.parse_args(argv)
    if str(args.root) not in sys.path:
        sys.path.insert(0, str(args.root))
    found, uncovered = collect(None if args.no_run else sample_run, args.packages, args.root)
    print(json.dumps({"patterns": len(found), "uncovered": [f"{s.file}:{s.line}" for s in uncovered],
                      "forbidden": forbidden_imports(args.packages, args.root)}), flush=True)
    check(found, adversarial_texts(args.size), limit=args.limit, out=sys.stdout, first=args.first)


@dataclass
class Audit:
    """What :func:`audit` saw: the patterns, the uncovered sites, and the slow ones (``seconds`` None: hung)."""

    patterns: int = 0
    uncovered: list[str] | None = None
    forbidden: list[str] | None = None
    checked: int = 0
    slow: list[dict[str, Any]] | None = None


def _pump(stream: Any, lines: Any) -> None:
    """Copy the lines of ``stream`` into the queue ``lines``, then an empty string at its end."""
    for line in stream:
        lines.put(line)
    lines.put("")


def audit(args: list[str], *, hang: float = 20.0, setup: float = 600.0, env: dict[str, str] | None = None) -> Audit:
    """Run the check in child processes; a pattern whose scan of one text runs past ``hang`` seconds
    (wall clock: hundreds of times the CPU limit, so a busy machine is no hang) is killed, reported as
    hung, and the check goes on with the next pattern in a new child."""
    import json
    import os
    import queue
    import subprocess
    import threading

    result = Audit(slow=[])
    slow: list[dict[str, Any]] = []
    result.slow = slow
    first = 0
    while True:
        child = subprocess.Popen([sys.executable, str(Path(__file__)), *args, "--first", str(first)],
                                 stdout=subprocess.PIPE, text=True, env=env or dict(os.environ))
        lines: queue.Queue[str] = queue.Queue()
        out = child.stdout
        assert out is not None
        threading.Thread(target=_pump, args=(out, lines), daemon=True).start()
        current: dict[str, Any] = {}
        waiting = setup
        try:
            while True:
                try:
                    line = lines.get(timeout=waiting)
                except queue.Empty:
                    if not current:
                        raise RuntimeError("the audit never listed its patterns") from None
                    slow.append({**current, "seconds": None, "text": f"{current.get('text')} (never ended)"})
                    result.checked += 1
                    first = current["start"] + 1
                    break
                if not line:
                    raise RuntimeError(f"the audit child ended early with status {child.wait()}")
                msg = json.loads(line)
                waiting = hang
                if "patterns" in msg:
                    result.patterns, result.uncovered, result.forbidden = (
                        msg["patterns"], msg["uncovered"], msg["forbidden"])
                elif "start" in msg:
                    current = msg
                elif "scan" in msg:
                    current = {**current, "text": msg["scan"]}
                elif "slow" in msg:
                    slow.append({**current, **msg})
                    result.checked += 1
                elif "ok" in msg:
                    result.checked += 1
                elif "done" in msg:
                    return result
        finally:
            child.kill()
            child.wait()


if __name__ == "__main__":
    main(sys.argv[1:])
