"""Training: gold units (+ a base model's gold) → a fitted :class:`UnitModel` in a model directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from ..errors import GixnlpError, ReadError
from ..ingest import read_text
from ..normalize import normalize
from ..taxonomy import Taxonomy
from ..tokenize import Tokenizer
from .classifiers import SEED, UnitModel
from .evaluate import cross_validate
from .gold import GoldUnit, corpus_hash, parse_gold_line
from .reference import Reference
from .store import read_meta, sha256, write_model

GOLD_FILE = "gold.jsonl"
REPORT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")


def report_texts(paths: Iterable[Union[str, Path]]) -> dict[str, str]:
    """Normalised text of every report file under ``paths`` (files or folders), by file stem."""
    texts = {}
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise ReadError(path, "no such file or folder")
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in REPORT_SUFFIXES) if path.is_dir() else [path]
        for file in files:
            texts[file.stem] = normalize(read_text(file))
    return texts


def base_gold(model_dir: Union[str, Path], taxonomy: Taxonomy) -> list[GoldUnit]:
    """The gold a model was trained on (stored beside it), checked against ``taxonomy``."""
    meta = read_meta(model_dir)
    path = Path(model_dir) / GOLD_FILE
    if meta.get("files", {}).get(GOLD_FILE) != (sha256(path) if path.exists() else None):
        raise GixnlpError(f"{path}: the base model's gold is missing or does not match its meta.json")
    return [parse_gold_line(json.loads(line), taxonomy, f"{path}:{n}")
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip()]


def train(units: Sequence[GoldUnit], taxonomy: Taxonomy, out: Union[str, Path], reports: Optional[dict[str, str]] = None,
          tokenizer: Optional[Tokenizer] = None, folds: int = 5, jobs: int = 1,
          gold_files: Sequence[str] = ()) -> dict:
    """Fit on all ``units``, estimate its accuracy by report-grouped CV (``folds=0`` skips it), write ``out``.

    Deterministic: the same gold, reports, taxonomy and library versions give the same ``model.joblib``.
    """
    tokenizer = tokenizer or Tokenizer()
    units = sorted(units, key=lambda u: (u.report, u.section, u.text, u.role))
    reference = Reference.build(text for _, text in sorted(reports.items())) if reports else None
    model = UnitModel(taxonomy, tokenizer, reference).fit(units)
    cv = None
    if folds:
        evaluation = cross_validate(units, taxonomy, ("gixnlp",), folds, reports, tokenizer, jobs)
        cv = {"folds": evaluation.folds, "grouped_by": "report", **evaluation.systems["gixnlp"]}
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / GOLD_FILE).write_text("".join(json.dumps(u.to_json(), ensure_ascii=False) + "\n" for u in units),
                                 encoding="utf-8")
    meta = {"name": out.name, "seed": SEED, "tokenizer": tokenizer.backend,
            "gold": {"files": [str(f) for f in gold_files], "units": len(units),
                     "reports": len({u.report for u in units}), "corpus_sha256": corpus_hash(units)},
            "reference": {"reports": reference.n_reports} if reference else None,
            "metrics": cv}
    return write_model(out, model, reference, taxonomy, meta, extra_files=(GOLD_FILE,))
