"""``read``: file -> Report, the one entry point every command goes through."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from .errors import ReadError
from .ingest import DEFAULT_MAX_BYTES, read_text
from .normalize import normalize
from .render.json import report_dict
from .report import Report
from .rules import as_dicts, evaluate
from .score import score
from .structure import structure
from .units import report_units

if TYPE_CHECKING:
    from .model import Tagger


def parse_text(raw: str, source: str = "<text>") -> Report:
    """Normalise, structure and segment already-extracted text."""
    report = structure(normalize(raw), source)
    report.units = report_units(report)
    return report


def read(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Report:
    """Read one report file; raise :class:`ReadError` (file and reason) when it is not a report."""
    report = parse_text(read_text(path, max_bytes), str(path))
    if not report.sections:
        raise ReadError(path, "no report structure: none of the six sections (一、总体情况 … 六、其他需要报告的事项) was found")
    return report


def analyse(report: Report, tagger: Optional["Tagger"] = None, select: Optional[Iterable[str]] = None,
            ignore: Optional[Iterable[str]] = None) -> dict:
    """Tag, check and score a report that has been read: the ``gixnlp.report/1`` object of OUTPUT.md,
    plus ``metrics`` (what the score and the B4xx rules measured). ``select``/``ignore`` take rule
    codes or prefixes; the score counts only the findings reported."""
    if tagger is not None:
        tagger(report)
    findings, measured = evaluate(report, select, ignore, getattr(tagger, "reference", None))
    found = as_dicts(findings)
    data = report_dict(report, found, score(found, measured))
    data["metrics"] = measured
    return data
