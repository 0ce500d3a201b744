"""gixnlp: read Chinese government information disclosure annual reports and judge their quality.

Public API (small on purpose)::

    report = gixnlp.read("report.docx")      # -> Report (sections, tables, units)
    tagger = gixnlp.load()                   # -> Tagger (the shipped model; load("dir") for another)
    tagger(report)                           # fills each unit's role, themes, boilerplate and scores
    gixnlp.score_many(["reports/"], "out/")  # -> BatchSummary; out/reports.jsonl, scores.csv, index.html
"""

from .errors import GixnlpError, ModelError, ReadError
from .model import Tagger, load
from .pipeline import analyse, parse_text, read
from .batch import BatchSummary, score_many
from .report import Report, Section, Table, Unit

__version__ = "0.1.0"

__all__ = ["read", "parse_text", "load", "Tagger", "analyse", "Report", "Section", "Table", "Unit", "ReadError", "ModelError", "GixnlpError",
           "score_many", "BatchSummary", "__version__"]
