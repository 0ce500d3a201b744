"""D306/D307: counts the narrative states against tables 三 and 四.

Only statements of this year's facts count: a receiving verb (收到/接到/受理/接收/收办) with an
application noun (…信息公开申请, 申请公开…, 依申请公开) and a count, or a nil statement (全年未收到
政府信息公开申请; 未发生…行政复议、行政诉讼). Look-alikes are not counts of applications:
信息 N 条 (information items: 依申请公开信息数22条), 咨询, 信访/投诉, 行政许可申请, 办结/办理 (which
include last year's carry-over), and anything about 复议/诉讼.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from ..report import Finding, Report, Unit
from .base import Context
from .registry import finding
from .tables import NEW, CARRIED_IN, number

_RECEIVE = r"(?:收到|接到|受理|接收|收办)"
_UNIT = r"(?:件|次|份|个|条|宗)"
_GAP = r"[^。；，：0-9]"
_APPLY_AFTER = re.compile(rf"{_RECEIVE}{_GAP}{{0,40}}?(?:申请|依申请公开){_GAP}{{0,10}}?(?:共计|共|合计)?\s*(\d+)\s*{_UNIT}")
_APPLY_BEFORE = re.compile(rf"{_RECEIVE}(?:并?办结)?\s*(\d+)\s*(?:件|次|份|个|宗){_GAP}{{0,20}}?申请")
_APPLY_NIL = re.compile(rf"(?:未|没有|无)(?:收到|接到|受理|接收)过?{_GAP}{{0,16}}?公开{_GAP}{{0,6}}?申请"
                        rf"|(?:未|没有|无)(?:收到|接到|受理)过?{_GAP}{{0,8}}?依申请公开")
_NOT_APPLICATIONS = re.compile(r"复议|诉讼|咨询|信访|投诉|举报|许可|上年|去年|同比|结转")
_ABOUT_DISCLOSURE = re.compile(r"公开|依申请")

_KINDS = {"review": ("行政复议", "行政复议", "administrative review"),
          "litigation": ("行政诉讼", "行政诉讼", "litigation")}
_CASE_COUNT = {kind: (re.compile(rf"{word}(?:案件|申请)?\s*(\d+)\s*(?:件|起|宗|次|条|个)"),
                      re.compile(rf"(\d+)\s*(?:件|起|宗){_GAP}{{0,6}}?{word}"))
               for kind, (word, _, _) in _KINDS.items()}
_NEGATION = re.compile(r"未|没有|无|零")
_CLAUSE = re.compile(r"[^，,；;。]+")


@dataclass(frozen=True)
class Statement:
    """A count the narrative states: what (``applications``, ``review``, ``litigation``), how many, where."""

    kind: str
    value: int
    unit: Unit


def _narrative(report: Report) -> Iterable[Unit]:
    """Units that state this year's facts: 一 and 六, not problems or plans."""
    return (u for u in report.units if u.section in ("overview", "other") and u.role not in ("problem", "measure"))


def application_counts(report: Report) -> list[Statement]:
    """Stated numbers of applications received (a nil statement is 0), in document order."""
    found = []
    for unit in _narrative(report):
        value = _application_count(unit)
        if value is not None:
            found.append(Statement("applications", value, unit))
    return found


def _application_count(unit: Unit) -> Optional[int]:
    text = unit.text
    for pattern in (_APPLY_AFTER, _APPLY_BEFORE):
        for match in pattern.finditer(text):
            span = match.group(0)
            if _NOT_APPLICATIONS.search(span):
                continue
            if _ABOUT_DISCLOSURE.search(span) or re.search(r"申请", unit.heading or ""):
                return int(match.group(1))
    for match in _APPLY_NIL.finditer(text):
        if not re.search("复议|诉讼", text[match.start():match.end() + 8]):
            return 0
    return None


def case_counts(report: Report) -> list[Statement]:
    """Stated numbers of review and litigation cases over disclosure (nil statements are 0)."""
    found = []
    for unit in _narrative(report):
        for sentence in re.split(r"(?<=[。；;])", unit.text):
            if not re.search(r"信息公开|依申请", sentence):
                continue
            for kind, value in _cases_in(sentence).items():
                found.append(Statement(kind, value, unit))
    return found


def _cases_in(sentence: str) -> dict[str, int]:
    values: dict[str, int] = {}
    for kind, (word, _, _) in _KINDS.items():
        for pattern in _CASE_COUNT[kind]:
            match = pattern.search(sentence)
            if match:
                values[kind] = int(match.group(1))
                break
    for clause in _CLAUSE.findall(sentence):
        negation = _NEGATION.search(clause)
        if negation is None or re.search(r"\d", clause):
            continue
        for kind, (word, _, _) in _KINDS.items():
            position = clause.find(word)
            if position > negation.start():
                values.setdefault(kind, 0)
    return values


def check(ctx: Context) -> Iterable[Finding]:
    if ctx.wants("D306"):
        yield from _applications(ctx.report)
    if ctx.wants("D307"):
        yield from _cases(ctx.report)


def _applications(report: Report) -> Iterable[Finding]:
    """D306 when no stated count matches 一 (nor 一 + 二, which some reports state) of table 三."""
    table = report.tables.get("requests")
    if table is None or NEW not in table.rows:
        return
    new = number(table.rows[NEW].get("总计"))
    carried = number(table.rows.get(CARRIED_IN, {}).get("总计"))
    if new is None:
        return
    accepted = {new} | ({new + carried} if carried is not None else set())
    stated = application_counts(report)
    if not stated or any(s.value in accepted for s in stated):
        return
    first = stated[0]
    yield finding("D306", section=first.unit.section, target="requests:总计",
                  evidence=f"{first.unit.text} | {NEW}:总计 = {int(new)}", said=first.value, table=int(new))


def _table_cases(report: Report) -> Optional[dict[str, float]]:
    table = report.tables.get("review")
    if table is None or table.unreadable:
        return None
    cells = {group: number(table.rows.get(group, {}).get("总计")) for group in ("行政复议", "未经复议直接起诉", "复议后起诉")}
    if any(v is None for v in cells.values()):
        return None
    return {"review": cells["行政复议"], "litigation": cells["未经复议直接起诉"] + cells["复议后起诉"]}


def _cases(report: Report) -> Iterable[Finding]:
    """D307, per kind (行政复议, 行政诉讼): a stated count that differs from table 四's 总计."""
    table = _table_cases(report)
    if table is None:
        return
    by_kind: dict[str, list[Statement]] = {}
    for statement in case_counts(report):
        by_kind.setdefault(statement.kind, []).append(statement)
    for kind, statements in by_kind.items():
        if any(s.value == table[kind] for s in statements):
            continue
        first = statements[0]
        word, zh, en = _KINDS[kind]
        cells = "未经复议直接起诉:总计 + 复议后起诉:总计" if kind == "litigation" else "行政复议:总计"
        yield finding("D307", section=first.unit.section, target=f"review:{word}:总计",
                      evidence=f"{first.unit.text} | {cells} = {int(table[kind])}",
                      said=first.value, table=int(table[kind]), kind_zh=zh, kind_en=en)
