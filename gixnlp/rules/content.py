"""C2xx: what 总体情况, 五 and 六 must say. Aspects and correspondence come from the taxonomy file."""

from __future__ import annotations

import re
from typing import Iterable, Optional

from ..report import Finding, Report, Unit
from .base import Context
from .originality import agency_key
from .registry import finding

#: a 信息处理费 statement; 行政事业性收费 (table 二) is a different charge and does not count
_FEE = re.compile(r"处理费|(?:收取|收费)[^。；]{0,12}(?:信息公开|申请)[^。；]{0,6}费用?|信息公开[^。；]{0,8}(?:收费|费用)"
                  r"|收取(?:件数|金额)")
#: a bare nil 六 (无; 没有需要报告的事项), possibly followed by the report's signature (机关名 and date)
_BARE_NIL = re.compile(r"^(?P<nil>(?:无|暂无|没有|本(?:单位|机关|年度)?无)(?:其他)?(?:需要|须要|需)?(?:报告|说明)?的?(?:其他)?(?:事项)?[。.]?)"
                       r"(?:\s*[^\s。，,；]{2,30}?(?:局|室|政府|委员会|管委会|镇|乡|街道|中心|所|站|队|院|厅|处|办)){0,2}$")
_DATE = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:印发)?")
_OVERSIGHT_RESULTS = re.compile(r"考核|社会评议|评议|责任追究|追责|问责")


def check(ctx: Context) -> Iterable[Finding]:
    report = ctx.report
    if ctx.wants("C201"):
        yield from _coverage(report, ctx)
    if ctx.wants("C202"):
        yield from _rectification(report)
    if ctx.wants("C203"):
        yield from _correspondence(report, ctx)
    if ctx.wants("C204"):
        yield from _fee(report)
    if ctx.wants("C205"):
        yield from _bare_other(report)
    if ctx.wants("C206"):
        yield from _government_oversight(report)


def _labelled(report: Report, section: str) -> list[Unit]:
    return [u for u in report.units if u.section == section and u.role is not None]


def _coverage(report: Report, ctx: Context) -> Iterable[Finding]:
    """C201: one finding per official aspect that no labelled 总体情况 unit covers."""
    units = _labelled(report, "overview")
    if not units:
        return
    themes = {t for u in units for t in (u.themes or ())}
    for aspect in ctx.taxonomy.overview_coverage:
        if not themes & set(aspect.themes):
            yield finding("C201", target=aspect.aspect, aspect_zh=aspect.zh, aspect_en=aspect.en)


def _rectification(report: Report) -> Iterable[Finding]:
    """C202: neither a 上年度问题整改 block nor a rectification unit (only once 五 is labelled)."""
    if any(b.kind == "rectification" for b in report.blocks) or not _labelled(report, "problems"):
        return
    if not any(u.role == "rectification" for u in report.units):
        yield finding("C202", target="rectification")


def _correspondence(report: Report, ctx: Context) -> Iterable[Finding]:
    """C203: each theme of a problem unit needs an answering unit with a theme that answers it."""
    answering = set(ctx.taxonomy.answering_roles)
    answered = {t for u in report.units if u.role in answering for t in (u.themes or ())}
    reported: set[str] = set()
    for unit in report.units:
        if unit.role != "problem":
            continue
        for theme in unit.themes or ():
            if theme not in reported and not ctx.taxonomy.answers(theme) & answered:
                reported.add(theme)
                yield finding("C203", section=unit.section, target=theme, evidence=unit.text,
                              theme=theme, theme_zh=ctx.taxonomy.name(theme))


def _other_text(report: Report) -> Optional[str]:
    """六 and a separate 信息处理费 section, or None when neither exists."""
    parts = [report.text[s.start:s.end] for s in report.sections if s.code in ("other", "fee")]
    return "\n".join(parts).strip() if parts else None


def _fee(report: Report) -> Iterable[Finding]:
    """C204 when 六 exists but says nothing on 信息处理费 (a missing 六 is S101)."""
    text = _other_text(report)
    if text is not None and not _FEE.search(text):
        yield finding("C204", target="fee", evidence=text[:200] or None)


def _bare_other(report: Report) -> Iterable[Finding]:
    if report.section("other") is None:
        return
    text = report.section_text("other").strip()
    nil = _BARE_NIL.match(_DATE.sub(" ", text).strip())
    if nil:
        yield finding("C205", target="other", evidence=text or None, text=nil.group("nil") or "（空）")


def _is_government(report: Report) -> bool:
    """A 人民政府 (or a zone's 管委会) reports, not one of its departments: the name ends with a place."""
    if "人民政府" in (report.title or "") and not re.search(r"人民政府(?:办公[厅室]|[^年]{1,8}[局委办])", report.title or ""):
        return True
    key = agency_key(report.agency, report.title)
    return bool(key) and re.search(r"(?:省|市|县|区|镇|乡|街道)$", key) is not None


def _government_oversight(report: Report) -> Iterable[Finding]:
    """C206: 条例 第五十条(四) asks governments for 工作考核, 社会评议 and 责任追究 results."""
    if not _is_government(report):
        return
    narrative = report.section_text("overview") + report.section_text("other")
    if narrative and not _OVERSIGHT_RESULTS.search(narrative):
        yield finding("C206", target="oversight")
