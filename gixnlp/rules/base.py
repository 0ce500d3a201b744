"""What every family's checks receive: the report, the rules enabled for it, and shared resources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from ..report import Report
from ..taxonomy import Taxonomy, load_taxonomy
from .registry import RULES, report_edition

if TYPE_CHECKING:
    from ..model.reference import Reference


@dataclass
class Context:
    """One report's run: ``enabled`` codes already filtered by --select/--ignore and by edition."""

    report: Report
    enabled: frozenset[str]
    edition: Optional[str]
    taxonomy: Taxonomy = field(default_factory=load_taxonomy)
    reference: Optional["Reference"] = None
    metrics: dict = field(default_factory=dict)  # the report's metrics (rules.metrics), for B4xx

    @classmethod
    def for_report(cls, report: Report, enabled: frozenset[str], reference: Optional["Reference"] = None,
                   taxonomy: Optional[Taxonomy] = None) -> "Context":
        """Keep only the codes whose editions include the report's (all of them when it is unknown)."""
        edition = report_edition(report.year, report.edition)
        fits = frozenset(c for c in enabled if edition is None or edition in RULES[c].editions)
        return cls(report, fits, edition, taxonomy or load_taxonomy(), reference)

    def wants(self, *codes: str) -> bool:
        return any(code in self.enabled for code in codes)
