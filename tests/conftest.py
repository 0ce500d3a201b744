"""Shared paths: tests use only what the repository ships (corpora/), never ../shared."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
DATA = Path(__file__).resolve().parent / "data"


def expected_sections() -> list[dict[str, str]]:
    with open(DATA / "expected_sections.tsv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture
def seed():
    """Path of a seed report by stem."""
    return lambda stem: CORPORA / "seeds" / f"{stem}.txt"
