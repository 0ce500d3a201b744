"""Findings (REPORT-FORMAT §3) for one report, and for a batch of reports.

``evaluate``/``check`` run every rule family on one report; ``metrics`` gives the measures the
score and the B4xx rules use; ``fingerprint`` + ``cross_report`` find what needs other reports of
the batch (O501, O502, D308) from a few kilobytes per report. Rule metadata lives in
:mod:`.registry`; each family module has ``check(ctx) -> Iterable[Finding]``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Iterable, Optional

from ..report import Finding, Report
from . import boilerplate, content, counts, originality, structure, tables
from .base import Context
from .originality import fingerprint
from .registry import RULES, SEVERITIES, SelectionError, enabled_codes, parse_selectors, severity_rank

if TYPE_CHECKING:
    from ..model.reference import Reference

#: the single-report families, run in this order
FAMILIES = (structure, content, tables, counts, boilerplate)
_ORDER = {code: i for i, code in enumerate(RULES)}

__all__ = ["check", "evaluate", "metrics", "fingerprint", "cross_report", "as_dicts", "RULES", "SEVERITIES",
           "SelectionError", "enabled_codes", "parse_selectors", "severity_rank"]


def evaluate(report: Report, select: Optional[Iterable[str]] = None, ignore: Optional[Iterable[str]] = None,
             reference: Optional["Reference"] = None) -> tuple[list[Finding], dict]:
    """Findings (worst first, then in registry order, then in document order) and metrics, computed once."""
    ctx = Context.for_report(report, enabled_codes(select, ignore) - _batch_codes(), reference)
    ctx.metrics = boilerplate.metrics(report, reference)
    found = [f for family in FAMILIES for f in family.check(ctx) if f.code in ctx.enabled]
    return sorted(found, key=lambda f: (severity_rank(f.severity), _ORDER[f.code])), ctx.metrics


def check(report: Report, select: Optional[Iterable[str]] = None, ignore: Optional[Iterable[str]] = None,
          reference: Optional["Reference"] = None) -> list[Finding]:
    """All single-report findings; ``select``/``ignore`` take codes or prefixes (``S1``, ``D30``, ``ALL``)."""
    return evaluate(report, select, ignore, reference)[0]


def metrics(report: Report, reference: Optional["Reference"] = None) -> dict:
    """Measures of the narrative (lengths, boilerplate share, specificity, commonness) used by score and B4xx."""
    return boilerplate.metrics(report, reference)


def cross_report(fingerprints: list[dict], select: Optional[Iterable[str]] = None,
                 ignore: Optional[Iterable[str]] = None) -> dict[str, list[dict]]:
    """O501/O502/D308 finding dicts per ``source`` (only sources with findings), from :func:`fingerprint` s."""
    enabled = enabled_codes(select, ignore) & _batch_codes()
    if not enabled:
        return {}
    found = originality.cross_findings(fingerprints, enabled)
    return {source: as_dicts(items) for source, items in found.items()}


def as_dicts(findings: Iterable[Finding]) -> list[dict]:
    """Findings as the plain dicts of OUTPUT.md."""
    return [asdict(f) for f in findings]


def _batch_codes() -> frozenset[str]:
    return frozenset(code for code, rule in RULES.items() if rule.batch)
