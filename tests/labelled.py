"""Real corpus reports for rule tests, with the human (gold) labels copied onto their units.

Rules that read unit labels are tested without any model: ``labelled(stem)`` reads the report
from ``corpora/`` and copies each gold line's role/themes/boilerplate onto the unit with the
same text; units without a gold line keep None. ``edited(stem, *replacements)`` builds a defect
into the real text first (the replacements must apply, so a test cannot silently test nothing).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Optional

from gixnlp.ingest import read_text
from gixnlp.pipeline import parse_text
from gixnlp.report import Report

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def path(stem: str) -> Path:
    seed = CORPORA / "seeds" / f"{stem}.txt"
    return seed if seed.exists() else CORPORA / "reports" / f"{stem}.txt"


@lru_cache(maxsize=None)
def raw(stem: str) -> str:
    return read_text(path(stem))


@lru_cache(maxsize=None)
def gold() -> dict[str, dict[str, dict]]:
    """Gold labels by report stem, then by unit text."""
    labels: dict[str, dict[str, dict]] = {}
    for file in sorted((CORPORA / "gold").glob("batch-*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                labels.setdefault(item["report"], {})[item["text"]] = item
    return labels


def apply_gold(report: Report, stem: str) -> Report:
    """Copy gold labels onto the report's units by text."""
    labels = gold().get(stem, {})
    for unit in report.units:
        item = labels.get(unit.text)
        if item is not None:
            unit.role, unit.themes, unit.boilerplate = item["role"], list(item["themes"]), item["boilerplate"]
    return report


def has_gold(stem: str) -> bool:
    return stem in gold()


def labelled(stem: str, text: Optional[str] = None) -> Report:
    """The corpus report ``stem`` (or ``text`` given as its content), structured, with gold labels."""
    return apply_gold(parse_text(raw(stem) if text is None else text, str(path(stem))), stem)


def edited(stem: str, *replacements: tuple[str, str], source: Optional[str] = None) -> Report:
    """The report with each ``(old, new)`` replaced once; fails when ``old`` is not in the text."""
    text = raw(stem)
    for old, new in replacements:
        assert old in text, f"{stem}: {old!r} not in the text"
        text = text.replace(old, new, 1)
    report = labelled(stem, text)
    if source is not None:
        report.source = source
    return report


def codes(findings) -> set[tuple[str, Optional[str]]]:
    """(code, target) pairs of findings (objects or dicts)."""
    return {(f["code"], f["target"]) if isinstance(f, dict) else (f.code, f.target) for f in findings}
