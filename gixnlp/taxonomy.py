"""The label set as data: roles, themes, keyword hints, overview coverage and problem→measure correspondence.

Training, evaluation, rules and rendering all read one :class:`Taxonomy`, loaded from
``gixnlp/data/taxonomy.json`` or from a user's copy, so that adding a theme needs no code change.
A model records the taxonomy's fingerprint and refuses to run against a different one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

from .errors import GixnlpError

DEFAULT_PATH = Path(__file__).parent / "data" / "taxonomy.json"


class TaxonomyError(GixnlpError):
    """A taxonomy file that cannot be used, or a label that is not in it."""


@dataclass(frozen=True)
class Label:
    """One role or theme: a stable English code, a Chinese display name, and keyword hints."""

    code: str
    zh: str
    description: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Aspect:
    """An official aspect of 总体情况 (C201) and the themes that count as covering it."""

    aspect: str
    zh: str
    en: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    """Labels and the rules that use them; ``fingerprint`` identifies the exact content."""

    version: str
    roles: tuple[Label, ...]
    themes: tuple[Label, ...]
    overview_coverage: tuple[Aspect, ...]
    answering_roles: tuple[str, ...]
    also_answered_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fingerprint: str = ""
    path: str = ""

    @property
    def role_codes(self) -> tuple[str, ...]:
        return tuple(label.code for label in self.roles)

    @property
    def theme_codes(self) -> tuple[str, ...]:
        return tuple(label.code for label in self.themes)

    def name(self, code: str) -> str:
        """Chinese display name of a role or theme code (the code itself if unknown)."""
        return next((label.zh for label in self.roles + self.themes if label.code == code), code)

    def answers(self, theme: str) -> frozenset[str]:
        """Themes of a measure/rectification unit that answer a problem with ``theme`` (TAXONOMY §3)."""
        return frozenset((theme,) + self.also_answered_by.get(theme, ()))

    def validate(self, role: Optional[str] = None, themes: tuple[str, ...] | list[str] = ()) -> None:
        """Raise :class:`TaxonomyError` naming the first label not in this taxonomy."""
        if role is not None and role not in self.role_codes:
            raise TaxonomyError(f"unknown role {role!r} (taxonomy {self.version} has: {', '.join(self.role_codes)})")
        for theme in themes:
            if theme not in self.theme_codes:
                raise TaxonomyError(
                    f"unknown theme {theme!r} (taxonomy {self.version} has: {', '.join(self.theme_codes)})")


def _labels(items: list, where: str, source: str) -> tuple[Label, ...]:
    labels = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not item.get("code") or not item.get("zh"):
            raise TaxonomyError(f"{source}: {where}[{i}] needs at least 'code' and 'zh'")
        labels.append(Label(item["code"], item["zh"], item.get("description", ""), tuple(item.get("keywords", ()))))
    codes = [label.code for label in labels]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise TaxonomyError(f"{source}: duplicate {where} code(s): {', '.join(duplicates)}")
    return tuple(labels)


def parse_taxonomy(data: dict, source: str = "<taxonomy>") -> Taxonomy:
    """Build and check a :class:`Taxonomy` from its JSON object."""
    try:
        roles = _labels(data["roles"], "roles", source)
        themes = _labels(data["themes"], "themes", source)
        theme_codes = {t.code for t in themes}
        coverage = tuple(Aspect(a["aspect"], a["zh"], a.get("en", a["aspect"]), tuple(a["themes"]))
                         for a in data.get("overview_coverage", ()))
        corr = data.get("correspondence", {})
        answering = tuple(corr.get("answering_roles", ("measure", "rectification")))
        also = {k: tuple(v) for k, v in corr.get("also_answered_by", {}).items()}
        version = str(data["version"])
    except (KeyError, TypeError) as exc:
        raise TaxonomyError(f"{source}: missing or malformed field {exc}") from None
    named = {t for a in coverage for t in a.themes} | set(also) | {t for v in also.values() for t in v}
    unknown = sorted(named - theme_codes)
    if unknown:
        raise TaxonomyError(f"{source}: coverage/correspondence name unknown theme(s): {', '.join(unknown)}")
    bad_roles = sorted(set(answering) - {r.code for r in roles})
    if bad_roles:
        raise TaxonomyError(f"{source}: answering_roles name unknown role(s): {', '.join(bad_roles)}")
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Taxonomy(version, roles, themes, coverage, answering, also,
                    hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16], source)


def load_taxonomy(path: Union[str, Path, None] = None) -> Taxonomy:
    """The taxonomy at ``path``, or the bundled default (TAXONOMY.md 1.3)."""
    return _load(str(Path(path).resolve()) if path else str(DEFAULT_PATH))


@lru_cache(maxsize=8)
def _load(path: str) -> Taxonomy:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise TaxonomyError(f"{path}: cannot read taxonomy: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise TaxonomyError(f"{path}: not valid JSON (line {exc.lineno}): {exc.msg}") from None
    return parse_taxonomy(data, path)
