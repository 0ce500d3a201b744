"""The ``gixnlp.report/1`` object of OUTPUT.md: a contract other programs read."""

from __future__ import annotations

import json
from typing import Any, Optional

from ..report import SECTION_CODES, Report

SCHEMA = "gixnlp.report/1"
_UNIT_FIELDS = ("section", "heading", "text", "role", "role_score", "themes", "theme_scores",
                "boilerplate", "boilerplate_score")


def report_dict(report: Report, findings: Optional[list[dict]] = None, score: Optional[dict] = None) -> dict[str, Any]:
    """The report as a plain dict in the field order of OUTPUT.md."""
    sections = []
    for code in SECTION_CODES:
        found = report.section(code)
        entry = {"code": code, "heading": found.heading if found else None, "found": found is not None}
        if found is not None and found.inferred:
            entry["inferred"] = True
        sections.append(entry)
    units = []
    for unit in report.units:
        data = {name: getattr(unit, name) for name in _UNIT_FIELDS}
        data["is_heading"] = unit.is_heading
        if unit.block:
            data["block"] = unit.block
        units.append(data)
    tables = {name: {"layout": t.layout, "rows": t.rows, "unreadable": t.unreadable, "recovered": t.recovered}
              for name, t in report.tables.items()}
    return {"schema": SCHEMA, "source": report.source, "title": report.title, "agency": report.agency,
            "year": report.year, "edition": report.edition, "sections": sections, "units": units,
            "tables": tables, "findings": findings or [], "score": score}


def dumps(data: dict[str, Any], indent: Optional[int] = 2) -> str:
    """UTF-8 JSON, Chinese not escaped."""
    return json.dumps(data, ensure_ascii=False, indent=indent)

