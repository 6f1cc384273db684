"""`kg train`: build the candidate scorer from the annotated corpus (``kg.train``) and ship it in the package.

Thin: argument handling and printing; the work is :func:`kg.train.train_model`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app, console, err_console, handle_errors
from kg.corpus import DEFAULT_CORPUS, Corpus


@app.command("train")
@handle_errors
def train_command(
    split: Annotated[str, typer.Option("--split", help="The corpus split to train on.")] = "train",
    calibrate_on: Annotated[str, typer.Option(
        "--calibrate-on", help="The split the probabilities are calibrated and the threshold chosen on.")] = "dev",
    corpus: Annotated[Path, typer.Option(
        "--corpus", help="The corpus folder (default: data/corpus).")] = DEFAULT_CORPUS,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Where to write the model (default: the package's kg/extract/model/scorer.json, "
        "the model `kg extract` uses).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the fit.")] = 0,
    report: Annotated[Path | None, typer.Option(
        "--report", help="Also write the calibration report there (calibration.json and calibration.md; "
        "bench/calibration.py draws the reliability plot from it).")] = None,
) -> None:
    """Train the candidate scorer on a corpus split, calibrate it on another, write it (deterministic: the
    same data and code give the same bytes)."""
    from kg.extract.scorer import model_path
    from kg.train import report_markdown, train_model, write_model

    model, rep = train_model(Corpus(corpus), split=split, calibration_split=calibrate_on, seed=seed,
                             progress=lambda m: err_console.print(f"[dim]{m}[/dim]"))
    target = out if out is not None else model_path()
    write_model(model, target)
    if report is not None:
        report.mkdir(parents=True, exist_ok=True)
        (report / "calibration.json").write_text(json.dumps(rep, ensure_ascii=False, indent=1, sort_keys=True)
                                                 + "\n", encoding="utf-8")
        (report / "calibration.md").write_text(report_markdown(rep, model), encoding="utf-8")
    at = rep["dev_at_threshold"]
    console.print(f"model -> {target} ({target.stat().st_size:,} bytes): threshold {rep['threshold']}, "
                  f"{rep['method']} calibration; on {calibrate_on}: P={at['p']:.3f} R={at['r']:.3f} "
                  f"F1={at['f1']:.3f}; ECE {calibrate_on} {rep['ece']['dev']} (cross-fitted "
                  f"{rep['ece']['dev_crossfitted']}), {split} {rep['ece']['train']}", highlight=False)
