"""Gold annotation files (TAXONOMY §5): read, validate against a taxonomy, fingerprint."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Union

from ..errors import GixnlpError
from ..report import NARRATIVE_SECTIONS
from ..taxonomy import Taxonomy, TaxonomyError


class GoldError(GixnlpError):
    """A gold line that cannot be used: says file, line and why."""


@dataclass(frozen=True)
class GoldUnit:
    """One human-labelled unit; ``report`` (the source file's stem) groups units for cross-validation."""

    report: str
    section: str
    heading: Optional[str]
    text: str
    role: str
    themes: tuple[str, ...] = field(default_factory=tuple)
    boilerplate: bool = False

    def to_json(self) -> dict:
        data = asdict(self)
        data["themes"] = list(self.themes)
        return data


def parse_gold_line(data: dict, taxonomy: Taxonomy, where: str) -> GoldUnit:
    """One gold object as a :class:`GoldUnit`; ``where`` (``file:line``) prefixes every error."""
    try:
        unit = GoldUnit(str(data["report"]), str(data["section"]), data.get("heading"), str(data["text"]),
                        str(data["role"]), tuple(data.get("themes") or ()), data["boilerplate"])
    except KeyError as exc:
        raise GoldError(f"{where}: missing field {exc}") from None
    if unit.section not in NARRATIVE_SECTIONS:
        raise GoldError(f"{where}: section {unit.section!r} is not narrative ({', '.join(NARRATIVE_SECTIONS)})")
    if not isinstance(unit.boilerplate, bool):
        raise GoldError(f"{where}: boilerplate must be true or false, not {unit.boilerplate!r}")
    try:
        taxonomy.validate(unit.role, unit.themes)
    except TaxonomyError as exc:
        raise GoldError(f"{where}: {exc}") from None
    return unit


def read_gold(paths: Iterable[Union[str, Path]], taxonomy: Taxonomy) -> list[GoldUnit]:
    """Every unit of the gold files, validated; lines marked ``"source": "auto"`` are not gold and are skipped."""
    units = []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise GoldError(f"{path}: cannot read gold file: {exc.strerror or exc}") from None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}:{number}: not valid JSON: {exc.msg}") from None
            if data.get("source") == "auto":
                continue
            units.append(parse_gold_line(data, taxonomy, f"{path}:{number}"))
    if not units:
        raise GoldError(f"no gold units in {', '.join(map(str, paths))}")
    return units


def corpus_hash(units: Iterable[GoldUnit]) -> str:
    """sha256 over the units in a canonical order: the same gold gives the same hash whatever the file split."""
    lines = sorted(json.dumps(u.to_json(), ensure_ascii=False, sort_keys=True) for u in units)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
