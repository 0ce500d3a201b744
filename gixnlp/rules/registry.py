"""Every rule gixnlp checks, declared once: code, severity, family, editions, messages, parameters.

This table is the only place a rule's metadata lives (like ruff's ``codes.rs`` or spaCy's
``errors.py``): the checks in the family modules only say *which* code fired, *where* and on
*what evidence*; severity and wording come from here, and ``--select``/``--ignore``, scoring and
the docs read the same table. Adding a rule is one row here plus its check in the family module.

Editions (REPORT-FORMAT §1) are those of the report *year*: ``legacy`` (≤2018, the 2008 format
without the official tables), ``2019`` (2019–2020, trial format) and ``2021`` (2021 and later).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Iterable, Mapping, Optional

from ..report import SECTION_CODES, Finding

SEVERITIES = ("error", "warning", "info")  # worst first
ALL_EDITIONS = frozenset({"legacy", "2019", "2021"})
TABLE_EDITIONS = frozenset({"2019", "2021"})
#: sections S101 requires, per edition: the 2008 format (legacy) had no 六 and often no separate 复议 part
REQUIRED_SECTIONS = {"legacy": ("overview", "proactive_table", "requests_table", "problems"),
                     "2019": SECTION_CODES, "2021": SECTION_CODES, None: SECTION_CODES}


@dataclass(frozen=True)
class Rule:
    """One rule's declaration; messages are ``str.format`` templates filled by the check."""

    code: str
    severity: str
    family: str  # structure | content | tables | counts | boilerplate | originality
    section: Optional[str]  # default section of its findings (a check may name another)
    message_zh: str
    message_en: str
    editions: frozenset[str] = ALL_EDITIONS
    batch: bool = False  # needs other reports of the batch (cross_report), not one report
    params: Mapping[str, float] = field(default_factory=dict)


def _rule(code: str, severity: str, family: str, section: Optional[str], zh: str, en: str,
          editions: Iterable[str] = ALL_EDITIONS, batch: bool = False, **params: float) -> Rule:
    return Rule(code, severity, family, section, zh, en, frozenset(editions), batch, MappingProxyType(params))


RULES: dict[str, Rule] = {r.code: r for r in (
    # S1xx structure and metadata
    _rule("S101", "error", "structure", None, "缺少第{numeral}部分「{name}」", "Section {number} ({name_en}) is missing"),
    _rule("S102", "warning", "structure", None, "「{name}」{problem_zh}", "Section {number} ({name_en}) is {problem_en}"),
    _rule("S103", "error", "structure", "problems", "第五部分「存在的主要问题及改进情况」{state_zh}",
          "Section 5 (problems and improvements) is {state_en}"),
    _rule("S104", "error", "structure", "problems", "第五部分未说明存在的问题",
          "Section 5 states no problem of the agency's own work"),
    _rule("S105", "error", "structure", "problems", "第五部分未提出改进措施", "Section 5 states no improvement measure"),
    _rule("S106", "warning", "structure", "front", "{problem_zh}", "{problem_en}"),
    _rule("S107", "warning", "structure", None, "{year}年度报告的{table_zh}使用了{found}版格式（应为{expected}版）",
          "A {year} report uses the {found} layout for {table_en} (expected the {expected} layout)",
          editions=TABLE_EDITIONS),
    _rule("S108", "warning", "structure", None, "{year}年度报告的正文写的是{mentioned}年：疑似沿用旧报告",
          "The {year} report's narrative speaks of {mentioned} (possibly copied from another year's report)"),
    # C2xx content
    _rule("C201", "warning", "content", "overview", "总体情况未涉及{aspect_zh}", "Overview does not cover {aspect_en}",
          editions=TABLE_EDITIONS),
    _rule("C202", "warning", "content", "problems", "未报告上一年度问题的整改情况",
          "No rectification of the previous year's problems is reported", editions={"2021"}),
    _rule("C203", "warning", "content", "problems", "「{theme_zh}」方面的问题没有对应的改进措施",
          "The problem about {theme} has no matching measure"),
    _rule("C204", "warning", "content", "other", "第六部分未说明信息处理费收取情况",
          "Section 6 does not state information processing fees", editions={"2021"}),
    _rule("C205", "warning", "content", "other", "第六部分仅为「{text}」", "Section 6 is a bare nil ({text})"),
    _rule("C206", "info", "content", "overview", "人民政府年度报告未说明工作考核、社会评议和责任追究结果",
          "A people's government report does not report assessment, social appraisal or accountability results",
          editions=TABLE_EDITIONS),
    # D3xx tables and numbers
    _rule("D301", "error", "tables", "requests_table", "表三「{column}」列：一 + 二（{left}）≠ 三（七）总计 + 四（{right}）",
          "Table 3, column {column}: new + carried over ({left}) ≠ total handled + carried forward ({right})",
          editions=TABLE_EDITIONS),
    _rule("D302", "error", "tables", "requests_table", "表三「{column}」列：（七）总计 {total} ≠ 各项办理结果之和 {parts}",
          "Table 3, column {column}: total {total} ≠ sum of the outcome rows {parts}", editions=TABLE_EDITIONS),
    _rule("D303", "error", "tables", "requests_table", "表三「{row}」行：总计 {total} ≠ 各类申请人之和 {parts}",
          "Table 3, row {row}: total {total} ≠ sum of the applicant columns {parts}", editions=TABLE_EDITIONS),
    _rule("D304", "error", "tables", "review_table", "表四「{group}」：总计 {total} ≠ 维持 + 纠正 + 其他 + 尚未审结 {parts}",
          "Table 4, {group}: total {total} ≠ upheld + corrected + other + pending {parts}", editions=TABLE_EDITIONS),
    _rule("D305", "warning", "tables", None, "{table_zh}「{column}」有 {count} 个单元格为空或不是数字",
          "{table_en}, {column}: {count} cell(s) blank or not a number", editions=TABLE_EDITIONS),
    _rule("D306", "error", "counts", "overview", "正文称收到政府信息公开申请 {said} 件，表三为 {table} 件",
          "The narrative says {said} application(s) were received; table 3 says {table}", editions=TABLE_EDITIONS),
    _rule("D307", "error", "counts", "overview", "正文称{kind_zh} {said} 件，表四为 {table} 件",
          "The narrative says {said} {kind_en} case(s); table 4 says {table}", editions=TABLE_EDITIONS),
    _rule("D308", "warning", "originality", "requests_table",
          "「{column}」列上年结转 {carried} 件，与上年报告（{other}）结转下年度 {previous} 件不一致",
          "Column {column}: carried over from last year {carried} ≠ last year's carried forward {previous} ({other})",
          editions=TABLE_EDITIONS, batch=True),
    # B4xx boilerplate and specificity
    _rule("B401", "warning", "boilerplate", None, "套话占正文的 {share:.0%}（阈值 {threshold:.0%}）",
          "Boilerplate is {share:.0%} of the narrative (threshold {threshold:.0%})", threshold=0.75),
    _rule("B402", "info", "boilerplate", None, "套话：没有可核查的具体内容", "Boilerplate unit: nothing checkable"),
    _rule("B403", "warning", "boilerplate", None, "「{name}」具体内容少：{specifics} 处具体信息 / {chars} 字",
          "{name_en} has low specificity: {specifics} specific(s) in {chars} characters",
          min_chars=300, overview=8.0, problems=2.0, other=8.0, common_share=0.8),
    # O5xx originality (need the batch)
    _rule("O501", "warning", "originality", None, "「{name}」与本机关上年报告（{other}）高度雷同（相似度 {similarity:.0%}）",
          "{name_en} is a near-copy of the agency's previous-year report {other} (similarity {similarity:.0%})",
          batch=True, similarity=0.6, min_chars=80),
    _rule("O502", "warning", "originality", None, "「{name}」与其他机关报告（{other}）高度雷同（相似度 {similarity:.0%}）",
          "{name_en} is a near-copy of another agency's report {other} (similarity {similarity:.0%})",
          batch=True, similarity=0.6, min_chars=80),
)}

#: section names for messages, zh and en, with the official numeral
SECTION_NAMES = {
    "overview": ("一", "总体情况", "overview"),
    "proactive_table": ("二", "主动公开政府信息情况", "proactive disclosure table"),
    "requests_table": ("三", "收到和处理政府信息公开申请情况", "requests table"),
    "review_table": ("四", "政府信息公开行政复议、行政诉讼情况", "review and litigation table"),
    "problems": ("五", "存在的主要问题及改进情况", "problems and improvements"),
    "other": ("六", "其他需要报告的事项", "other matters"),
}


def section_params(code: str) -> dict[str, object]:
    """``numeral`` (一…六), ``number`` (1…6), ``name`` and ``name_en`` of a section, for message templates."""
    numeral, name, name_en = SECTION_NAMES[code]
    return {"numeral": numeral, "number": list(SECTION_NAMES).index(code) + 1, "name": name,
            "name_en": name_en[:1].upper() + name_en[1:]}


def finding(code: str, *, section: Optional[str] = None, target: Optional[str] = None,
            evidence: Optional[str] = None, **params: object) -> Finding:
    """A :class:`Finding` of rule ``code`` with its declared severity and messages filled from ``params``."""
    rule = RULES[code]
    values = {**rule.params, **params}
    return Finding(code, rule.severity, section if section is not None else rule.section, target,
                   rule.message_zh.format(**values), rule.message_en.format(**values), evidence)


def report_edition(year: Optional[int], layout: Optional[str]) -> Optional[str]:
    """The edition a report must follow: by its year, else by the layout its tables use."""
    if year is None:
        return layout if layout in TABLE_EDITIONS or layout == "legacy" else None
    return "legacy" if year <= 2018 else "2019" if year <= 2020 else "2021"


class SelectionError(ValueError):
    """A --select/--ignore entry that names no rule."""


def _matches(code: str, selectors: Iterable[str]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selectors)


def parse_selectors(text: Optional[Iterable[str] | str]) -> Optional[tuple[str, ...]]:
    """``"S1,D306"`` or ``["S1", "D306"]`` -> normalised selectors; reject ones that match no rule."""
    if text is None:
        return None
    items = text.split(",") if isinstance(text, str) else [p for t in text for p in t.split(",")]
    selectors = tuple(s.strip().upper() for s in items if s.strip())
    unknown = [s for s in selectors if not any(_matches(code, (s,)) for code in RULES)]
    if unknown:
        raise SelectionError(f"unknown rule code or prefix: {', '.join(unknown)} "
                             f"(codes are {', '.join(sorted(RULES))}, or prefixes such as S1, D30, O)")
    return selectors


def enabled_codes(select: Optional[Iterable[str]] = None, ignore: Optional[Iterable[str]] = None) -> frozenset[str]:
    """Codes a run checks: those ``select`` names (all if None) minus those ``ignore`` names."""
    select = parse_selectors(select)
    ignore = parse_selectors(ignore) or ()
    return frozenset(c for c in RULES if (select is None or _matches(c, select)) and not _matches(c, ignore))


def severity_rank(severity: str) -> int:
    """0 for error, 1 for warning, 2 for info: lower is worse."""
    return SEVERITIES.index(severity)
