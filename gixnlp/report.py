"""Plain data classes handed from stage to stage (read -> structure -> units -> tag -> check -> score).

They hold data only; the stages that fill them live in their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union

#: the six top-level sections, in official order (TAXONOMY.md §1)
SECTION_CODES = ("overview", "proactive_table", "requests_table", "review_table", "problems", "other")
NARRATIVE_SECTIONS = ("overview", "problems", "other")

#: a parsed table cell: a number, a non-numeric mark as written ("", "/", "—"), or None when unreadable
Cell = Union[int, float, str, None]


@dataclass
class Section:
    """A top-level section found in the text; ``start``/``end`` delimit its body."""

    code: str
    heading: Optional[str]
    heading_start: int
    start: int
    end: int
    inferred: bool = False  # heading lost; placed from sub-headings


@dataclass
class Block:
    """A sub-block of 五: ``rectification``, ``problems`` or ``measures``, found by its sub-heading."""

    kind: str
    heading: str
    start: int
    end: int


@dataclass
class Table:
    """Table 二/三/四 as numbers: ``rows[row][column]``; rows whose cells could not be told apart are listed."""

    name: str  # proactive | requests | review
    layout: str  # "2019" | "2021"
    rows: dict[str, dict[str, Cell]] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)  # rows whose digits were run together and split by the totals


@dataclass
class Unit:
    """One narrative unit (TAXONOMY §1); the label fields stay None until a model tags it."""

    section: str
    heading: Optional[str]
    text: str
    start: int
    is_heading: bool = False
    block: Optional[str] = None
    role: Optional[str] = None
    role_score: Optional[float] = None
    themes: Optional[list[str]] = None
    theme_scores: Optional[dict[str, float]] = None
    boilerplate: Optional[bool] = None
    boilerplate_score: Optional[float] = None


@dataclass
class Report:
    """A report read and structured: text, metadata, sections, tables and narrative units."""

    source: str
    text: str
    title: Optional[str] = None
    agency: Optional[str] = None
    year: Optional[int] = None
    edition: Optional[str] = None
    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    units: list[Unit] = field(default_factory=list)

    def section(self, code: str) -> Optional[Section]:
        """The first section with this code, or None."""
        return next((s for s in self.sections if s.code == code), None)

    def section_text(self, code: str) -> str:
        """Body text of every part of section ``code`` (a split 五 has two parts)."""
        return "\n".join(self.text[s.start:s.end] for s in self.sections if s.code == code)


@dataclass
class Finding:
    """One rule's verdict on a report (REPORT-FORMAT §3), with what triggered it (OUTPUT.md)."""

    code: str
    severity: str  # error | warning | info
    section: Optional[str]
    target: Optional[str]
    message_zh: str
    message_en: str
    evidence: Optional[str] = None
