"""B401–B403 and the narrative metrics the score uses: boilerplate share, specificity, commonness.

Specifics are the checkable things of TAXONOMY §4 that a regex can see (``gixnlp/specificity.py``:
counts with a unit, ordinals, dates finer than a year, document numbers, quoted local names, nil
statements the tables confirm). Named organisations need a model and are left to the classifier.
Commonness (share of a section's 5-shingles that occur in many reports) comes from the reference
corpus shipped with the model, when there is one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Optional

from ..report import NARRATIVE_SECTIONS, Finding, Report
from ..specificity import specifics
from ..units import cjk_len
from .base import Context
from .registry import RULES, finding, section_params

if TYPE_CHECKING:
    from ..model.reference import Reference

def _section_text(report: Report, code: str) -> str:
    return "".join(u.text for u in report.units if u.section == code)


def metrics(report: Report, reference: Optional["Reference"] = None) -> dict:
    """Lengths, specifics, specificity (per 1,000 Chinese characters) and commonness per narrative section,
    and the boilerplate share of the labelled narrative (None until units are labelled)."""
    texts = {code: _section_text(report, code) for code in NARRATIVE_SECTIONS}
    common = dict(zip(texts, reference.commonness(list(texts.values())).round(3).tolist())) if reference else {}
    sections = {}
    for code, text in texts.items():
        chars, found = cjk_len(text), len(specifics(text))
        sections[code] = {"chars": chars, "specifics": found,
                          "specificity": round(1000 * found / chars, 2) if chars else 0.0,
                          "commonness": common.get(code) if chars else None}
    labelled = [u for u in report.units if u.boilerplate is not None and not u.is_heading]
    total = sum(cjk_len(u.text) for u in labelled)
    share = sum(cjk_len(u.text) for u in labelled if u.boilerplate) / total if total else None
    roles = [u.role for u in report.units if u.role is not None]
    return {"sections": sections,
            "narrative_chars": sum(s["chars"] for s in sections.values()),
            "boilerplate_share": round(share, 3) if share is not None else None,
            "labelled_units": len(roles), "units": len(report.units),
            "problem_units": roles.count("problem") if roles else None}


def check(ctx: Context) -> Iterable[Finding]:
    measures = ctx.metrics
    if ctx.wants("B401"):
        yield from _share(measures)
    if ctx.wants("B402"):
        yield from _units(ctx.report)
    if ctx.wants("B403"):
        yield from _low_specificity(measures)


def _share(measures: dict) -> Iterable[Finding]:
    share = measures["boilerplate_share"]
    if share is not None and share > RULES["B401"].params["threshold"]:
        yield finding("B401", target="narrative", evidence=f"boilerplate_share = {share:.3f}", share=share)


def _units(report: Report) -> Iterable[Finding]:
    for unit in report.units:
        if unit.boilerplate and not unit.is_heading:
            yield finding("B402", section=unit.section, target="unit", evidence=unit.text)


def _low_specificity(measures: dict) -> Iterable[Finding]:
    """B403: a long enough section with fewer specifics per 1,000 characters than its section's threshold
    (五 is judged more leniently: plans are rarely countable), or mostly common wording."""
    params = RULES["B403"].params
    for code, m in measures["sections"].items():
        if m["chars"] < params["min_chars"]:
            continue
        common = m["commonness"]
        if m["specificity"] < params[code] or (common is not None and common >= params["common_share"]):
            note = f"; common wording {common:.0%}" if common is not None else ""
            yield finding("B403", section=code, target=code, evidence=f"{m['specifics']} specifics in {m['chars']} "
                          f"characters ({m['specificity']:.1f} per 1,000){note}",
                          specifics=m["specifics"], chars=m["chars"], **section_params(code))
