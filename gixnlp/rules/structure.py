"""S1xx: the six sections, 五's content, the report year and the table edition."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Optional

from ..report import SECTION_CODES, Finding, Report, Unit
from ..structure.tables import compact
from ..units import cjk_len
from .base import Context
from .registry import REQUIRED_SECTIONS, finding, section_params

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日(?:起)?至")
#: a 五 that says nothing: 无, 没有, 暂无 (with punctuation)
_BARE_NIL = re.compile(r"^(?:无|没有|暂无|无问题|无其他需要报告的事项)?$")
_LAYOUT_MARKS = {"2019": r"本年新制作数量|对外公开总数量|上一年项目数量|政府集中采购|（六）其他处理(?=\s*\d)",
                 "2021": r"本年制发件数|现行有效件数|本年收费金额|逾期不补正"}
_TABLE_NAMES = {"proactive": ("表二（主动公开）", "table 2 (proactive disclosure)", "proactive_table"),
                "requests": ("表三（申请处理）", "table 3 (requests)", "requests_table")}

# S108: "Y年，我局将…" among the measures of the Y report; "Y-1年，我局公开…" in its summary.
_PLAN_IN_YEAR = re.compile(r"(?:^|[。；，\s])((?:19|20)\d\d)\s*年度?[，,]?\s*(?:[^，。；\d]{0,8}?)(?:将|计划|拟|力争)")
_WORK_IN_YEAR = re.compile(r"(?:^|[。；，\s])((?:19|20)\d\d)\s*年度?(?![\d〕\]）)月]|(?:政府|部门)?(?:预算|决算|报告|工作要点))"
                           r"[，,]?\s*(?:我|本|全|共|累计|全年|制作|发布|公开|主动|收到|受理|办理|开展|通过)")


def check(ctx: Context) -> Iterable[Finding]:
    report = ctx.report
    if ctx.wants("S101"):
        yield from _missing_sections(report, REQUIRED_SECTIONS[ctx.edition])
    if ctx.wants("S102"):
        yield from _order(report)
    empty = _empty_problems(report)
    if empty and ctx.wants("S103"):
        yield empty
    if not empty and ctx.wants("S104", "S105"):
        yield from _problems_and_measures(report)
    if ctx.wants("S106"):
        yield from _title_year(report)
    if ctx.wants("S107") and ctx.edition in ("2019", "2021"):
        yield from _layout(report, ctx.edition)
    if ctx.wants("S108") and report.year is not None:
        yield from _wrong_year(report)


def _missing_sections(report: Report, required: tuple[str, ...]) -> Iterable[Finding]:
    """Every required section but 五 (S103 reports that one); a 信息处理费 section stands in for 六."""
    found = {s.code for s in report.sections}
    if "fee" in found:
        found.add("other")
    for code in required:
        if code not in found and code != "problems":
            yield finding("S101", section=code, target=code, **section_params(code))


def _order(report: Report) -> Iterable[Finding]:
    seen: list[str] = []
    for section in report.sections:
        code = section.code
        if code not in SECTION_CODES:
            continue
        if code in seen:
            yield finding("S102", section=code, target=code, evidence=section.heading, problem_zh="重复出现",
                          problem_en="duplicated", **section_params(code))
        elif seen and SECTION_CODES.index(code) < SECTION_CODES.index(seen[-1]):
            after = section_params(seen[-1])["name"]
            yield finding("S102", section=code, target=code, evidence=section.heading,
                          problem_zh=f"出现在「{after}」之后", problem_en="out of order", **section_params(code))
        seen.append(code)


def _empty_problems(report: Report) -> Optional[Finding]:
    if report.section("problems") is None:
        return finding("S103", target="problems", state_zh="缺失", state_en="missing")
    body = report.section_text("problems").strip()
    if cjk_len(body) == 0:
        return finding("S103", target="problems", evidence=body or None, state_zh="为空", state_en="empty")
    if _BARE_NIL.match(re.sub(r"[\s。．.，,！!]", "", body)):
        return finding("S103", target="problems", evidence=body, state_zh="仅为「无」", state_en="only a nil")
    return None


def _problems_and_measures(report: Report) -> Iterable[Finding]:
    """S104/S105 from unit roles; silent when no unit of 五 is labelled yet."""
    roles = {u.role for u in report.units if u.section == "problems" and u.role is not None}
    if not roles:
        return
    if "problem" not in roles:
        yield finding("S104", target="problem")
    if not roles & {"measure", "rectification"}:
        yield finding("S105", target="measure")


def body_year(report: Report) -> Optional[int]:
    """The year the body reports on: its statistical period, else the commonest year in 总体情况."""
    period = _PERIOD.search(report.text)
    if period:
        return int(period.group(1))
    years = Counter(int(y) for y in _YEAR.findall(report.section_text("overview")))
    return years.most_common(1)[0][0] if years else None


def _title_year(report: Report) -> Iterable[Finding]:
    if not report.title:
        yield finding("S106", target="title", problem_zh="未找到报告标题", problem_en="No report title was found")
        return
    match = _YEAR.search(report.title)
    if not match:
        yield finding("S106", target="title", evidence=report.title, problem_zh="标题中没有报告年度",
                      problem_en="The title does not state the report year")
        return
    title, body = int(match.group(1)), body_year(report)
    if body is not None and body != title:
        yield finding("S106", target="title", evidence=report.title, problem_zh=f"标题年度 {title} 与正文年度 {body} 不一致",
                      problem_en=f"The title year {title} differs from the body year {body}")


def _layout(report: Report, expected: str) -> Iterable[Finding]:
    """S107 per table whose layout is the other edition's."""
    for name, (zh, en, code) in _TABLE_NAMES.items():
        table = report.tables.get(name)
        if table is None or table.layout == expected or len(table.unreadable) * 3 > len(table.rows):
            continue  # a table mostly unread (PDF extraction) cannot tell its layout
        mark = re.search(_LAYOUT_MARKS[table.layout], compact(report.section_text(code))[0])
        yield finding("S107", section=code, target=name, evidence=mark.group(0) if mark else None,
                      year=report.year, table_zh=zh, table_en=en, found=table.layout, expected=expected)


def _wrong_year(report: Report) -> Iterable[Finding]:
    """S108: plans dated to the report year in 五, or the summary's work dated to the year before."""
    year = report.year
    for unit in report.units:
        mentioned = _mentioned_wrong_year(unit, year)
        if mentioned is not None:
            yield finding("S108", section=unit.section, target=str(mentioned), evidence=unit.text, year=year,
                          mentioned=mentioned)


def _mentioned_wrong_year(unit: Unit, year: int) -> Optional[int]:
    if unit.section == "problems" and unit.role in (None, "measure", "framing"):
        for match in _PLAN_IN_YEAR.finditer(unit.text):
            if int(match.group(1)) == year:
                return year
    if unit.section in ("overview", "other") and unit.role in (None, "summary"):
        for match in _WORK_IN_YEAR.finditer(unit.text):
            if int(match.group(1)) == year - 1:
                return year - 1
    return None
