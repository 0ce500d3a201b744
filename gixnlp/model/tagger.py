"""``Tagger``: a loaded model that fills the label fields of a report's units."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

from ..errors import ModelError
from ..report import Report
from ..taxonomy import Taxonomy
from ..tokenize import Tokenizer
from .store import read_model

#: the shipped default model: ``models/default`` in a source checkout, ``gixnlp/models/default`` when installed
_DEFAULT_CANDIDATES = (Path(__file__).resolve().parents[1] / "models" / "default",
                       Path(__file__).resolve().parents[2] / "models" / "default")


def default_model_path() -> Path:
    for path in _DEFAULT_CANDIDATES:
        if (path / "meta.json").exists():
            return path
    raise ModelError("the default model is missing from this installation (expected models/default/meta.json)")


class Tagger:
    """Labels units with role, themes and boilerplate: ``tagger(report)`` fills them in place and returns it."""

    def __init__(self, path: Union[str, Path], tokenizer: Optional[str] = None):
        self.path = Path(path)
        self.model, self.reference, self.taxonomy, self.meta = read_model(self.path)
        if tokenizer:  # backends agree on >99.9% of tokens, so a model runs with either
            self.model.featurizer.tokenizer = Tokenizer(tokenizer)

    def __call__(self, report: Report) -> Report:
        predictions = self.model.predict(report.units)
        for unit, p in zip(report.units, predictions):
            unit.role, unit.role_score = p.role, p.role_score
            unit.themes, unit.theme_scores = p.themes, p.theme_scores
            # TAXONOMY §4: a heading is structure, never boilerplate
            unit.boilerplate = p.boilerplate and not unit.is_heading
            unit.boilerplate_score = p.boilerplate_score
        return report

    def check_taxonomy(self, taxonomy: Taxonomy) -> None:
        """Refuse to label with a different taxonomy than the model was trained with."""
        if taxonomy.fingerprint != self.taxonomy.fingerprint:
            raise ModelError(
                f"{self.path}: the model was trained with taxonomy {self.taxonomy.version} "
                f"({self.taxonomy.fingerprint}) but {taxonomy.path} is {taxonomy.version} ({taxonomy.fingerprint}); "
                "retrain the model with this taxonomy (gixnlp train --taxonomy ...)")

    def __repr__(self) -> str:
        return f"Tagger({str(self.path)!r})"


def load(model: Union[str, Path, None] = None, taxonomy: Optional[Taxonomy] = None,
         tokenizer: Optional[str] = None) -> Tagger:
    """The tagger for a model directory (default: the shipped model), loaded once per process;
    ``tokenizer`` overrides the model's word segmenter (``rjieba`` is about ten times faster than jieba)."""
    tagger = _load(str(Path(model).resolve()) if model else str(default_model_path()), tokenizer)
    if taxonomy is not None:
        tagger.check_taxonomy(taxonomy)
    return tagger


@lru_cache(maxsize=4)
def _load(path: str, tokenizer: Optional[str]) -> Tagger:
    return Tagger(path, tokenizer)
