"""Annotation exports back into gold lines (TAXONOMY §5), every label checked against the taxonomy.

Reads what the tools give back for tasks written by :mod:`gixnlp.annotate`: doccano JSONL
(text classification), Label Studio JSON (full export or JSON-MIN) and the gixnlp CSV, telling
them apart by content. Only units a person labelled become gold: a doccano line with labels, a
Label Studio task with a submitted annotation, a CSV row whose label columns are filled. A model's
proposals can be kept, elsewhere, as ``"source": "auto"`` lines. Problems are collected over
all files and reported together as ``<file>:<line>: <what>``, so one pass fixes them all.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence

from .annotate import BOILERPLATE, DOCCANO_PREFIX, ROLE, THEMES
from .errors import GixnlpError
from .report import NARRATIVE_SECTIONS
from .taxonomy import Taxonomy, TaxonomyError

GOLD_FIELDS = ("report", "section", "heading", "text", "role", "themes", "boilerplate")
TRUE = {"true", "t", "yes", "y", "1", "是"}
FALSE = {"false", "f", "no", "n", "0", "否"}
_SPLIT = re.compile(r"[;；,，|、\s]+")
_KIND_OF_PREFIX = {prefix: kind for kind, prefix in DOCCANO_PREFIX.items()}
MAX_SHOWN = 50


class AnnotationError(GixnlpError):
    """Exports that cannot become gold; ``problems`` holds one ``<file>:<line>: <what>`` per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(problems[0] if len(problems) == 1 else f"{len(problems)} problems, first: {problems[0]}")


@dataclass
class Raw:
    """Labels as a tool wrote them, before checking: lists, so that two roles can be reported."""

    roles: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    flags: list[object] = field(default_factory=list)

    def key(self) -> tuple:
        return tuple(self.roles), tuple(sorted(self.themes)), tuple(str(f).lower() for f in self.flags)

    def or_none(self) -> Optional["Raw"]:
        """None when nothing was filled in: the unit was not labelled."""
        return self if self.roles or self.themes or self.flags else None


@dataclass
class Entry:
    """One unit as an export returns it: where, identity, a person's labels (None: not labelled), the proposal."""

    where: str
    record: dict
    labels: Optional[Raw]
    prelabel: Optional[Raw] = None


@dataclass
class Imported:
    """The result of an import: gold lines, proposal lines (``source: auto``) and how many units nobody labelled."""

    gold: list[dict]
    auto: list[dict]
    unlabelled: int


# ---- reading the three kinds of export -------------------------------------------------------------------------

def _values(value: object) -> list:
    """A choice as JSON-MIN/CSV give it: absent, a string, a list, or {"choices": [...]} -> list."""
    if value is None or value == "":
        return []
    if isinstance(value, dict):
        value = value.get("choices", [])
    return list(value) if isinstance(value, list) else [value]


def _doccano(labels: list, where: str, problems: list[str]) -> Raw:
    """doccano's single namespace (``role:summary theme:platform boilerplate:false``) -> Raw."""
    raw = Raw()
    for label in labels:
        prefix, _, value = label.partition(":") if isinstance(label, str) else ("", "", "")
        kind = _KIND_OF_PREFIX.get(prefix.strip())
        if kind is None or not value.strip():
            problems.append(f"{where}: label {label!r} is not role:…, theme:… or boilerplate:… "
                            f"(was the doccano project created as text classification with the gixnlp label set?)")
            continue
        {ROLE: raw.roles, THEMES: raw.themes, BOILERPLATE: raw.flags}[kind].append(value.strip())
    return raw


def _labelstudio_result(result: list, where: str, problems: list[str]) -> Raw:
    raw = Raw()
    targets = {ROLE: raw.roles, THEMES: raw.themes, BOILERPLATE: raw.flags}
    for item in result or ():
        if item.get("type") != "choices":
            continue  # other controls a project may add (comments, ratings) carry no gold label
        name = item.get("from_name")
        if name not in targets:
            problems.append(f"{where}: choices control {name!r} is not one of {ROLE}, {THEMES}, {BOILERPLATE} "
                            f"(use the labelling config written by gixnlp annotate)")
            continue
        targets[name].extend(_values(item.get("value")))
    return raw


def _labelstudio_task(record: dict, where: str, problems: list[str]) -> Entry:
    """A full Label Studio export task: the submitted annotation is the person's; predictions are proposals."""
    done = [a for a in record.get("annotations") or () if not a.get("was_cancelled")]
    labels = None
    if done:
        chosen = [a for a in done if a.get("ground_truth")] or done
        candidates = [_labelstudio_result(a.get("result"), where, problems) for a in chosen]
        if len({c.key() for c in candidates}) > 1:
            problems.append(f"{where}: task {record.get('id')} has {len(candidates)} annotations that disagree; "
                            f"mark one as ground truth in Label Studio and export again")
        labels = candidates[0]
    predictions = record.get("predictions") or ()
    prelabel = _labelstudio_result(predictions[0].get("result"), where, []) \
        if predictions and isinstance(predictions[0], dict) else None
    return Entry(where, record.get("data") or {}, labels, prelabel)


def _flat(record: dict, where: str, problems: list[str]) -> Entry:
    """A flat record: doccano (``label``), Label Studio JSON-MIN (``role``/``themes``/``boilerplate``)."""
    prelabel = _doccano(str(record["prelabel"]).split(), where, []) if record.get("prelabel") else None
    if "label" in record:
        if not isinstance(record["label"], list):
            problems.append(f"{where}: 'label' must be a list of label names")
            return Entry(where, record, None, prelabel)
        return Entry(where, record, _doccano(record["label"], where, problems) if record["label"] else None, prelabel)
    raw = Raw(_values(record.get(ROLE)), _values(record.get(THEMES)), _values(record.get(BOILERPLATE)))
    return Entry(where, record, raw.or_none(), prelabel)


def _json_records(text: str, path: str) -> Iterator[tuple[int, object]]:
    """(line, record) of a JSON array or of JSON Lines; line numbers point at where each record starts."""
    decoder = json.JSONDecoder()
    array = text.lstrip().startswith("[")
    i = text.index("[") + 1 if array else 0
    line, counted = 1, 0
    while True:
        while i < len(text) and text[i] in " \t\r\n" + ("," if array else ""):
            i += 1
        if i >= len(text) or (array and text[i] == "]"):
            return
        line += text.count("\n", counted, i)
        counted = i
        try:
            record, i = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            bad = text.count("\n", 0, exc.pos) + 1
            raise AnnotationError([f"{path}:{bad}: not valid JSON: {exc.msg}"]) from None
        yield line, record


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or, as Excel on Chinese Windows saves CSV, GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _cell(text: str) -> list[str]:
    """A spreadsheet cell as values: several may be separated by ; , | 、 or spaces (half or full width)."""
    return [v for v in _SPLIT.split(text) if v]


def _csv_entries(path: str, text: str, problems: list[str]) -> list[Entry]:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [c for c in ("report", "section", "text", ROLE, THEMES, BOILERPLATE) if c not in (reader.fieldnames or ())]
    if missing:
        problems.append(f"{path}:1: CSV lacks column(s) {', '.join(missing)}; use the sheet written by "
                        f"gixnlp annotate --csv")
        return []
    entries = []
    for row in reader:
        where = f"{path}:{reader.line_num}"
        cells = {k: (v or "").strip() for k, v in row.items() if k}
        raw = Raw(_cell(cells[ROLE]), _cell(cells[THEMES]), _cell(cells[BOILERPLATE]))
        suggested = Raw(_cell(cells.get("suggested_role", "")), _cell(cells.get("suggested_themes", "")),
                        _cell(cells.get("suggested_boilerplate", "")))
        entries.append(Entry(where, cells, raw.or_none(), suggested.or_none()))
    return entries


def read_export(path: str | Path, problems: list[str]) -> list[Entry]:
    """The units of one export file, whichever tool wrote it; problems are appended, not raised."""
    path = str(path)
    try:
        text = _decode(Path(path).read_bytes())
    except OSError as exc:
        problems.append(f"{path}: cannot read: {exc.strerror or exc}")
        return []
    if path.lower().endswith(".csv"):
        return _csv_entries(path, text, problems)
    if not text.strip():
        problems.append(f"{path}: empty file")
        return []
    entries = []
    try:
        for line, record in _json_records(text, path):
            where = f"{path}:{line}"
            if not isinstance(record, dict):
                problems.append(f"{where}: expected a JSON object per unit")
            elif isinstance(record.get("data"), dict):
                entries.append(_labelstudio_task(record, where, problems))
            else:
                entries.append(_flat(record, where, problems))
    except AnnotationError as exc:
        problems.extend(exc.problems)
    return entries


# ---- checking against the taxonomy ---------------------------------------------------------------------------

def _code(value: object, labels) -> str:
    """A code as given, or the code of a Chinese display name (spreadsheet annotators type 工作情况)."""
    value = str(value).strip()
    return next((label.code for label in labels if value in (label.code, label.zh)), value)


def _flag(values: list, where: str, problems: list[str]) -> Optional[bool]:
    if len(values) != 1:
        what = "no boilerplate label" if not values else f"{len(values)} boilerplate labels ({', '.join(map(str, values))})"
        problems.append(f"{where}: {what}; give exactly one: true or false")
        return None
    value = values[0]
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE or text in FALSE:
        return text in TRUE
    problems.append(f"{where}: boilerplate must be true or false, not {value!r}")
    return None


def check_labels(raw: Raw, taxonomy: Taxonomy, where: str, problems: list[str]) -> Optional[tuple[str, list[str], bool]]:
    """(role, themes as given without repeats, boilerplate), or None after appending what is wrong."""
    before = len(problems)
    roles = [_code(r, taxonomy.roles) for r in raw.roles]
    themes = [_code(t, taxonomy.themes) for t in raw.themes]
    if len(roles) != 1:
        what = "no role" if not roles else f"{len(roles)} roles ({', '.join(roles)})"
        problems.append(f"{where}: {what}; a unit has exactly one of: {', '.join(taxonomy.role_codes)}")
    for role in roles[:1]:
        try:
            taxonomy.validate(role=role)
        except TaxonomyError as exc:
            problems.append(f"{where}: {exc}")
    for theme in themes:
        try:
            taxonomy.validate(themes=[theme])
        except TaxonomyError as exc:
            problems.append(f"{where}: {exc}")
    flag = _flag(raw.flags, where, problems)
    if len(problems) > before:
        return None
    return roles[0], list(dict.fromkeys(themes)), bool(flag)


def identity(record: dict, where: str, problems: list[str]) -> Optional[dict]:
    """report/section/heading/text/start of a task, as gixnlp annotate wrote them; None if missing or damaged."""
    missing = [k for k in ("report", "section", "text") if not isinstance(record.get(k), str) or not record[k].strip()]
    if missing:
        problems.append(f"{where}: no {', '.join(missing)}: not a task written by gixnlp annotate "
                        f"(keep the task fields when importing into the tool)")
        return None
    if record["section"] not in NARRATIVE_SECTIONS:
        problems.append(f"{where}: section {record['section']!r} is not one of {', '.join(NARRATIVE_SECTIONS)}")
        return None
    start = record.get("start")
    try:
        start = int(start) if start not in (None, "") else None
    except (TypeError, ValueError):
        problems.append(f"{where}: start {start!r} is not a character offset")
        return None
    return {"report": record["report"], "section": record["section"], "heading": record.get("heading") or None,
            "text": record["text"], "start": start}


def gold_line(unit: dict, labels: tuple[str, list[str], bool], auto: bool = False) -> dict:
    """A TAXONOMY §5 line; proposals nobody checked carry ``"source": "auto"``."""
    role, themes, flag = labels
    line = {"report": unit["report"], "section": unit["section"], "heading": unit["heading"], "text": unit["text"],
            "role": role, "themes": themes, "boilerplate": flag}
    return {**line, "source": "auto"} if auto else line


def import_annotations(paths: Sequence[str | Path], taxonomy: Taxonomy, keep_prelabels: bool = False) -> Imported:
    """Gold lines from export files, in document order per report; raise :class:`AnnotationError` listing every problem.

    The same unit labelled in two places must agree (two annotators, two exports); units nobody
    labelled are counted, and with ``keep_prelabels`` their proposals come back as ``auto`` lines.
    """
    problems: list[str] = []
    seen: dict[tuple, tuple[str, dict]] = {}
    pending: dict[tuple, Optional[dict]] = {}  # units nobody labelled -> their proposal as an auto line, if kept
    for path in paths:
        for entry in read_export(path, problems):
            unit = identity(entry.record, entry.where, problems)
            if unit is None:
                continue
            key = (unit["report"], unit["section"], unit["start"], unit["text"])
            if entry.labels is None:
                proposal = check_labels(entry.prelabel, taxonomy, entry.where, problems) \
                    if keep_prelabels and entry.prelabel is not None else None
                if pending.get(key) is None:
                    pending[key] = gold_line(unit, proposal, auto=True) if proposal else None
                continue
            checked = check_labels(entry.labels, taxonomy, entry.where, problems)
            if checked is None:
                continue
            line = gold_line(unit, checked)
            if key in seen and seen[key][1] != line:
                problems.append(f"{entry.where}: unit {unit['report']} “{unit['text'][:24]}…” is labelled differently "
                                f"at {seen[key][0]}; settle it in the tool and export again")
            seen.setdefault(key, (entry.where, line))
    if problems:
        shown = problems[:MAX_SHOWN]
        if len(problems) > MAX_SHOWN:
            shown.append(f"… and {len(problems) - MAX_SHOWN} more problems")
        raise AnnotationError(shown)
    rank = {report: i for i, report in enumerate(dict.fromkeys(k[0] for k in list(seen) + list(pending)))}

    def ordered(keys) -> list[tuple]:
        return sorted(keys, key=lambda k: (rank[k[0]], k[2] if k[2] is not None else -1))

    left = [k for k in ordered(pending) if k not in seen]
    return Imported([seen[k][1] for k in ordered(seen)], [pending[k] for k in left if pending[k]], len(left))


def write_jsonl(lines: Sequence[dict], path: str | Path) -> None:
    """One JSON object per line, Chinese as is (ensure_ascii=False)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
