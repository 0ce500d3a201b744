"""Unit classifiers: features, estimators, training, evaluation, and model directories with checksums.

``load(model=None) -> Tagger`` is the entry point; ``tagger(report)`` labels the report's units.
"""

from .classifiers import Prediction, UnitModel
from .tagger import Tagger, default_model_path, load

__all__ = ["load", "Tagger", "UnitModel", "Prediction", "default_model_path"]
