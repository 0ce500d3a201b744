"""Findings (REPORT-FORMAT §3) for one report, and for a batch of reports.

``check`` runs every rule family on one report; ``metrics`` gives the measures the score and the
B4xx rules use; ``fingerprint`` + ``cross_report`` find what needs other reports of the batch
(O501, O502, D308) from a few kilobytes per report. Rule metadata lives in :mod:`.registry`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Iterable, Optional

from ..report import Finding, Report
from . import originality
from .base import Context
from .registry import RULES, SEVERITIES, enabled_codes, parse_selectors, severity_rank
from .originality import fingerprint

if TYPE_CHECKING:
    from ..model.reference import Reference

#: the single-report families, each a module with ``check(ctx) -> Iterable[Finding]``
FAMILIES: tuple = ()

__all__ = ["check", "metrics", "fingerprint", "cross_report", "RULES", "SEVERITIES", "Finding",
           "enabled_codes", "parse_selectors", "severity_rank", "as_dicts"]


def check(report: Report, select: Optional[Iterable[str]] = None, ignore: Optional[Iterable[str]] = None,
          reference: Optional["Reference"] = None) -> list[Finding]:
    """All single-report findings, worst first then in rule order; ``select``/``ignore`` take codes or prefixes."""
    ctx = Context.for_report(report, enabled_codes(select, ignore) - _batch_codes(), reference)
    found = [f for family in FAMILIES for f in family.check(ctx) if f.code in ctx.enabled]
    return sorted(found, key=lambda f: (severity_rank(f.severity), f.code))


def metrics(report: Report, reference: Optional["Reference"] = None) -> dict:
    """Measures of the narrative (lengths, boilerplate share, specificity, commonness) used by score and B4xx."""
    return {}


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
