"""Annotation tasks: report units, pre-labelled by a model and ordered most-informative first.

A person's time is best spent where the model is least sure, so tasks are sorted by an
informativeness score (uncertainty sampling, see :func:`informativeness`). The tasks go to the
tools annotators already use: doccano (JSONL), Label Studio (JSON with ``predictions``) or a
spreadsheet (CSV). Every task keeps the unit's identity (report stem, section, heading, text,
start offset) so that :mod:`gixnlp.annotations` can turn the tool's export back into gold lines.

Pre-labels never sit where a person's labels go (doccano ``label``, the CSV label columns): they
travel as suggestions (Label Studio ``predictions``, doccano metadata ``prelabel``, CSV
``suggested_*`` columns), so an export can tell what a person labelled from what a model guessed.
The file formats and the mapping are documented in docs/annotation-formats.md.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from .report import Report, Unit
from .taxonomy import Taxonomy

if TYPE_CHECKING:
    from .model import Tagger

#: the output formats of :func:`write_tasks`
FORMATS = ("doccano", "labelstudio", "csv")
#: Label Studio control names (``from_name``) and doccano label prefixes, one per label kind
ROLE, THEMES, BOILERPLATE = "role", "themes", "boilerplate"
DOCCANO_PREFIX = {ROLE: "role", THEMES: "theme", BOILERPLATE: "boilerplate"}
#: identity fields every task carries, in the order the CSV shows them
IDENTITY = ("unit", "report", "section", "heading", "start")
CSV_COLUMNS = IDENTITY + ("text", ROLE, THEMES, BOILERPLATE,
                          "suggested_role", "suggested_themes", "suggested_boilerplate", "informativeness")
#: headings are structure and mostly framing: they go after sentences of equal uncertainty
HEADING_WEIGHT = 0.5
DEFAULT_THRESHOLD = 0.5


@dataclass
class Prelabel:
    """What the model proposes for a unit; a suggestion, never gold."""

    role: str
    themes: list[str]
    boilerplate: bool


@dataclass
class Task:
    """One unit to label, with its identity, the model's proposal and how informative labelling it is."""

    unit: str  # "<report>#<index in document order>"
    report: str
    section: str
    heading: Optional[str]
    text: str
    start: int
    is_heading: bool = False
    prelabel: Optional[Prelabel] = None
    informativeness: Optional[float] = None

    def identity(self) -> dict:
        """The fields import needs to rebuild a gold line; a missing heading is written as ""."""
        return {"unit": self.unit, "report": self.report, "section": self.section,
                "heading": self.heading or "", "start": self.start}


def _closeness(p: float, threshold: float) -> float:
    """1 at the decision threshold, 0 at certainty (0 or 1) on either side."""
    span = threshold if p < threshold else 1 - threshold
    return 1 - abs(p - threshold) / span if span > 0 else 0.0


def informativeness(unit: Unit, n_roles: int, thresholds: Optional[dict[str, float]] = None) -> Optional[float]:
    """How much a person's label would teach the model: mean of three uncertainties, each in [0, 1].

    * role: ``1 - p(chosen role)``, scaled so that a uniform guess over ``n_roles`` scores 1;
    * boilerplate: closeness of p(boilerplate) to 0.5;
    * themes: the largest closeness of any theme's probability to its decision threshold.

    Headings count half (:data:`HEADING_WEIGHT`). None when the unit carries no scores.
    """
    parts = []
    if unit.role_score is not None and n_roles > 1:
        parts.append(min(1.0, (1 - unit.role_score) / (1 - 1 / n_roles)))
    if unit.boilerplate_score is not None:
        parts.append(_closeness(unit.boilerplate_score, 0.5))
    if unit.theme_scores:
        thresholds = thresholds or {}
        parts.append(max(_closeness(p, thresholds.get(t, DEFAULT_THRESHOLD)) for t, p in unit.theme_scores.items()))
    if not parts:
        return None
    score = sum(parts) / len(parts)
    return round(score * HEADING_WEIGHT if unit.is_heading else score, 4)


def _prelabel(unit: Unit, taxonomy: Taxonomy) -> Optional[Prelabel]:
    if unit.role is None or unit.boilerplate is None:
        return None
    themes = [t for t in taxonomy.theme_codes if t in (unit.themes or ())]  # taxonomy order; drops unknown themes
    return Prelabel(unit.role, themes, bool(unit.boilerplate))


def theme_thresholds(tagger: "Tagger") -> dict[str, float]:
    """The per-theme decision thresholds of the tagger's model (fitted ``thresholds_``), empty if it has none."""
    return dict(getattr(getattr(tagger, "model", None), "thresholds_", None) or {})


def model_version(tagger: "Tagger") -> str:
    """A name for the proposals: model name and the first digits of its gold corpus hash."""
    meta = getattr(tagger, "meta", None) or {}
    digest = (meta.get("gold") or {}).get("corpus_sha256", "")[:8]
    return "@".join(x for x in (str(meta.get("name") or "gixnlp"), digest) if x)


def report_tasks(report: Report, stem: str, taxonomy: Taxonomy, tagger: Optional["Tagger"] = None) -> list[Task]:
    """The units of one report as tasks, in document order; tagged and scored when a tagger is given."""
    if tagger is not None:
        tagger(report)
    thresholds = theme_thresholds(tagger)
    n_roles = len(getattr(tagger, "taxonomy", taxonomy).roles)
    return [Task(f"{stem}#{i:03d}", stem, u.section, u.heading, u.text, u.start, u.is_heading,
                 _prelabel(u, taxonomy) if tagger is not None else None,
                 informativeness(u, n_roles, thresholds) if tagger is not None else None)
            for i, u in enumerate(report.units)]


def order_tasks(tasks: Sequence[Task], limit: Optional[int] = None) -> list[Task]:
    """Most informative first (stable: equal scores keep document order); unscored tasks keep their order."""
    ordered = sorted(tasks, key=lambda t: -(t.informativeness if t.informativeness is not None else -1))
    return ordered[:limit] if limit else ordered


def _bool(value: bool) -> str:
    return "true" if value else "false"


def doccano_labels(pre: Prelabel) -> list[str]:
    """A proposal in doccano's single label namespace: ``role:…``, ``theme:…``, ``boilerplate:true|false``."""
    return ([f"{DOCCANO_PREFIX[ROLE]}:{pre.role}"] + [f"{DOCCANO_PREFIX[THEMES]}:{t}" for t in pre.themes]
            + [f"{DOCCANO_PREFIX[BOILERPLATE]}:{_bool(pre.boilerplate)}"])


def doccano_task(task: Task) -> dict:
    """A doccano text-classification line: ``text`` plus metadata; no ``label`` so every label is a person's."""
    line = {"text": task.text, **task.identity(), "informativeness": task.informativeness}
    if task.prelabel:
        line["prelabel"] = " ".join(doccano_labels(task.prelabel))
    return line


def _choices(name: str, values: list[str]) -> dict:
    return {"from_name": name, "to_name": "text", "type": "choices", "value": {"choices": values}}


def labelstudio_task(task: Task, model_version: str) -> dict:
    """A Label Studio task: identity in ``data``, the proposal as a prediction scored by confidence."""
    context = " · ".join(x for x in (task.report, task.section, task.heading) if x)
    out: dict = {"data": {"text": task.text, **task.identity(), "informativeness": task.informativeness,
                          "context": context}}
    if task.prelabel:
        pre = task.prelabel
        result = [_choices(ROLE, [pre.role])] + ([_choices(THEMES, pre.themes)] if pre.themes else []) \
            + [_choices(BOILERPLATE, [_bool(pre.boilerplate)])]
        score = 1 - task.informativeness if task.informativeness is not None else None
        out["predictions"] = [{"model_version": model_version, "score": score, "result": result}]
    return out


def csv_row(task: Task) -> dict:
    """A spreadsheet row: label columns empty for the annotator, the proposal in ``suggested_*``."""
    pre = task.prelabel
    return {**task.identity(), "text": task.text, ROLE: "", THEMES: "", BOILERPLATE: "",
            "suggested_role": pre.role if pre else "", "suggested_themes": "; ".join(pre.themes) if pre else "",
            "suggested_boilerplate": _bool(pre.boilerplate) if pre else "",
            "informativeness": "" if task.informativeness is None else task.informativeness}


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def labelstudio_config(taxonomy: Taxonomy) -> str:
    """The labelling interface for :func:`labelstudio_task`, generated from the taxonomy (new themes included)."""
    def choices(name: str, title: str, kind: str, labels: list[tuple[str, str]], required: bool) -> str:
        items = "\n".join(f'    <Choice value="{_xml(v)}" hint="{_xml(h)}"/>' for v, h in labels)
        req = ' required="true"' if required else ""
        return (f'  <Header value="{title}" size="5"/>\n  <Choices name="{name}" toName="text" choice="{kind}" '
                f'showInline="true"{req}>\n{items}\n  </Choices>')
    roles = [(r.code, f"{r.zh}：{r.description}") for r in taxonomy.roles]
    themes = [(t.code, f"{t.zh}：{t.description}") for t in taxonomy.themes]
    flags = [("true", "套话：no checkable specific (TAXONOMY §4)"), ("false", "contains a checkable specific")]
    return "\n".join([
        f"<!-- gixnlp taxonomy {taxonomy.version} ({taxonomy.fingerprint}); generated by gixnlp annotate -->",
        "<View>",
        '  <Header value="$context" size="6"/>',
        '  <Text name="text" value="$text"/>',
        choices(ROLE, "role 角色 (exactly one)", "single", roles, True),
        choices(THEMES, "themes 主题 (any number)", "multiple", themes, False),
        choices(BOILERPLATE, "boilerplate 套话", "single", flags, True),
        "</View>", ""])


_COLOURS = {ROLE: "#1f6feb", THEMES: "#2da44e", BOILERPLATE: "#9a6700"}


def doccano_label_set(taxonomy: Taxonomy) -> list[dict]:
    """doccano's label import file (Labels → Actions → Import), generated from the taxonomy."""
    names = [(ROLE, c) for c in taxonomy.role_codes] + [(THEMES, c) for c in taxonomy.theme_codes] \
        + [(BOILERPLATE, v) for v in ("true", "false")]
    return [{"text": f"{DOCCANO_PREFIX[kind]}:{code}", "background_color": _COLOURS[kind], "text_color": "#ffffff"}
            for kind, code in names]


def format_for(path: str | Path) -> str:
    """The tool a task file is for, from its suffix: .json Label Studio, .csv spreadsheet, else doccano JSONL."""
    suffix = Path(path).suffix.lower()
    return {".json": "labelstudio", ".csv": "csv"}.get(suffix, "doccano")


def companion_path(path: str | Path, fmt: str) -> Optional[Path]:
    """Where the tool's label set is written next to the tasks (None for CSV)."""
    path = Path(path)
    name = {"labelstudio": ".labelstudio.xml", "doccano": ".doccano-labels.json"}.get(fmt)
    return path.with_name(path.stem + name) if name else None


def write_tasks(tasks: Sequence[Task], path: str | Path, fmt: str, taxonomy: Taxonomy,
                model_version: str = "gixnlp") -> list[Path]:
    """Write tasks for ``fmt`` (one of :data:`FORMATS`) and the tool's label set; return the files written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":  # utf-8-sig: Excel detects UTF-8 only with the BOM
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            writer.writerows(csv_row(t) for t in tasks)
        return [path]
    companion = companion_path(path, fmt)
    if fmt == "labelstudio":  # Label Studio imports a JSON array (.json), not JSON Lines
        path.write_text(json.dumps([labelstudio_task(t, model_version) for t in tasks], ensure_ascii=False,
                                   indent=1) + "\n", encoding="utf-8")
        companion.write_text(labelstudio_config(taxonomy), encoding="utf-8")
    elif fmt == "doccano":
        path.write_text("".join(json.dumps(doccano_task(t), ensure_ascii=False) + "\n" for t in tasks),
                        encoding="utf-8")
        companion.write_text(json.dumps(doccano_label_set(taxonomy), ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    else:
        raise ValueError(f"unknown task format {fmt!r} (one of {', '.join(FORMATS)})")
    return [path, companion]
