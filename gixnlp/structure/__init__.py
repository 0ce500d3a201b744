"""Structure a normalised text: sections, 五's sub-blocks, metadata, tables."""

from __future__ import annotations

from ..report import Report
from .metadata import find_agency, find_edition, find_title, find_year
from .sections import find_blocks, find_sections
from .tables import compact, parse_proactive, parse_requests, parse_review

_TABLE_PARSERS = {"proactive_table": ("proactive", parse_proactive),
                  "requests_table": ("requests", parse_requests),
                  "review_table": ("review", parse_review)}


def structure(text: str, source: str) -> Report:
    """Build a :class:`Report` (without units) from normalised text."""
    sections = find_sections(text)
    report = Report(source=source, text=text, sections=sections)
    report.title = find_title(text, sections[0].heading_start if sections else -1)
    report.agency = find_agency(report.title)
    report.year = find_year(report.title, text)
    if report.year is None or report.year > 2018:
        for code, (name, parse) in _TABLE_PARSERS.items():
            body = report.section_text(code)
            table = parse(body) if body else None
            if table is not None:
                report.tables[name] = table
    report.edition = find_edition(report.year, compact(report.section_text("proactive_table"))[0],
                                  compact(report.section_text("requests_table"))[0])
    problems = report.section("problems")
    if problems is not None:
        report.blocks = find_blocks(text, problems, report.year)
    return report
