"""D301–D305: the arithmetic the tables' own 总计 cells imply, and cells that are not numbers.

Rows the parser could not read (``Table.unreadable``, cells None) are skipped: that is a reading
failure, not the report's. Sums are checked only where every cell involved is a number.
"""

from __future__ import annotations

from typing import Iterable, Optional, Sequence

from ..report import Cell, Finding, Table
from ..structure.layouts import APPLICANTS, REVIEW_COLUMNS
from .base import Context
from .registry import finding

NEW = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
TOTAL = "三、（七）总计"
CARRIED_OUT = "四、结转下年度继续办理"
_TABLE_SECTIONS = {"proactive": "proactive_table", "requests": "requests_table", "review": "review_table"}
_TABLE_NAMES = {"proactive": ("表二", "Table 2"), "requests": ("表三", "Table 3"), "review": ("表四", "Table 4")}
_EPSILON = 1e-6


def check(ctx: Context) -> Iterable[Finding]:
    requests = ctx.report.tables.get("requests")
    review = ctx.report.tables.get("review")
    if requests is not None:
        if ctx.wants("D301"):
            yield from _identity(requests)
        if ctx.wants("D302"):
            yield from _outcome_total(requests)
        if ctx.wants("D303"):
            yield from _applicant_total(requests)
    if review is not None and ctx.wants("D304"):
        yield from _review_total(review)
    if ctx.wants("D305"):
        for table in ctx.report.tables.values():
            yield from _not_numbers(table)


def number(cell: Cell) -> Optional[float]:
    """The cell as a number, or None for blanks, marks and unreadable cells."""
    return float(cell) if isinstance(cell, (int, float)) and not isinstance(cell, bool) else None


def _all(cells: Sequence[Cell]) -> Optional[list[float]]:
    values = [number(c) for c in cells]
    return None if any(v is None for v in values) else values  # type: ignore[return-value]


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _cell(row: str, column: str, value: Cell) -> str:
    return f"{row}:{column} = {value if value != '' else '(空)'}"


def _identity(table: Table) -> Iterable[Finding]:
    """D301, per applicant column: 一 + 二 = 三（七）总计 + 四 (the table's own 勾稽关系)."""
    rows = table.rows
    if not all(r in rows for r in (NEW, CARRIED_IN, TOTAL, CARRIED_OUT)):
        return
    for column in APPLICANTS:
        values = _all([rows[r].get(column) for r in (NEW, CARRIED_IN, TOTAL, CARRIED_OUT)])
        if values is None:
            continue
        left, right = values[0] + values[1], values[2] + values[3]
        if abs(left - right) > _EPSILON:
            evidence = "; ".join(_cell(r, column, rows[r].get(column)) for r in (NEW, CARRIED_IN, TOTAL, CARRIED_OUT))
            yield finding("D301", target=f"requests:{column}", evidence=evidence, column=column,
                          left=_fmt(left), right=_fmt(right))


def _outcome_rows(table: Table) -> list[str]:
    return [r for r in table.rows if r.startswith("三、") and r != TOTAL]


def _outcome_total(table: Table) -> Iterable[Finding]:
    """D302, per column: 三（七）总计 = the sum of rows （一）…（六）."""
    parts_rows = _outcome_rows(table)
    if TOTAL not in table.rows or not parts_rows or any(r in table.unreadable for r in parts_rows):
        return
    for column in APPLICANTS:
        total = number(table.rows[TOTAL].get(column))
        parts = _all([table.rows[r].get(column) for r in parts_rows])
        if total is None or parts is None or abs(total - sum(parts)) <= _EPSILON:
            continue
        nonzero = [_cell(r, column, table.rows[r][column]) for r in parts_rows if number(table.rows[r][column])]
        evidence = "; ".join([_cell(TOTAL, column, table.rows[TOTAL][column])] + nonzero)
        yield finding("D302", target=f"requests:{column}", evidence=evidence, column=column,
                      total=_fmt(total), parts=_fmt(sum(parts)))


def _applicant_total(table: Table) -> Iterable[Finding]:
    """D303, per row: 总计 = 自然人 + the five kinds of 法人或其他组织."""
    for row, cells in table.rows.items():
        values = _all([cells.get(c) for c in APPLICANTS])
        if values is None or abs(values[-1] - sum(values[:-1])) <= _EPSILON:
            continue
        evidence = "; ".join(_cell(row, c, cells[c]) for c in APPLICANTS)
        yield finding("D303", target="requests:总计", evidence=evidence, row=row, total=_fmt(values[-1]),
                      parts=_fmt(sum(values[:-1])))


def _review_total(table: Table) -> Iterable[Finding]:
    """D304, per group (行政复议, 未经复议直接起诉, 复议后起诉): 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    for group, cells in table.rows.items():
        values = _all([cells.get(c) for c in REVIEW_COLUMNS])
        if values is None or abs(values[-1] - sum(values[:-1])) <= _EPSILON:
            continue
        evidence = "; ".join(_cell(group, c, cells[c]) for c in REVIEW_COLUMNS)
        yield finding("D304", target=f"review:{group}:总计", evidence=evidence, group=group,
                      total=_fmt(values[-1]), parts=_fmt(sum(values[:-1])))


def _not_numbers(table: Table) -> Iterable[Finding]:
    """D305, one finding per column with blank, "/", "—" cells (read cells only).

    In table 四 the columns come in groups (行政复议, 未经复议直接起诉, 复议后起诉): one finding per group.
    """
    by_column: dict[str, list[str]] = {}
    for row, cells in table.rows.items():
        if row in table.unreadable:
            continue
        for column, value in cells.items():
            if value is not None and number(value) is None:
                key = row if table.name == "review" else column
                by_column.setdefault(key, []).append(_cell(row, column, value))
    for column, cells in by_column.items():
        yield finding("D305", section=_TABLE_SECTIONS.get(table.name), target=f"{table.name}:{column}",
                      evidence="; ".join(cells[:6]) + (f"; … ({len(cells)} in all)" if len(cells) > 6 else ""),
                      count=len(cells), column=column, table_zh=_TABLE_NAMES[table.name][0],
                      table_en=_TABLE_NAMES[table.name][1])
