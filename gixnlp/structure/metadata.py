"""Title, agency, report year and table edition of a report."""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from .tables import table_layout

_HEADER_TITLE = re.compile(r"^标题[:：]\s*(.+)$", re.M)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_PERIOD = re.compile(r"((?:19|20)\d\d)年1月1日(?:起)?至\s*(?:(?:19|20)\d\d年)?12月31日")


def find_title(text: str, first_section_start: int) -> Optional[str]:
    """The crawler's 标题 line, else the first lines before 一 that name a 报告."""
    header = _HEADER_TITLE.search(text[:2000])
    if header:
        return header.group(1).strip()
    front = text[:first_section_start] if first_section_start > 0 else text[:600]
    lines = [l.strip() for l in front.split("\n") if l.strip()]
    for i, line in enumerate(lines[:8]):
        if "报告" in line and len(line) <= 60:
            before = lines[i - 1] if i and len(lines[i - 1]) <= 30 and "。" not in lines[i - 1] else ""
            title = (before + line) if before and not re.search(r"报告|正文", before) else line
            return re.sub(r"\s+", "", title)
    match = re.search(r"^\s*([^。\n]{4,60}?(?:年度报告|工作报告|年报))", front)
    return re.sub(r"\s+", "", match.group(1)) if match else None


def find_agency(title: Optional[str]) -> Optional[str]:
    """The reporting body, from the title: the words before the year or 政府信息公开."""
    if not title:
        return None
    match = re.match(r"^(.*?)(?:关于)?(?:(?:19|20)\d\d\s*年|政府信息公开|政务公开)", title)
    agency = match.group(1) if match else ""
    agency = re.sub(r"(?:关于|的)$", "", agency).strip(" ：:")
    return agency or None


def find_year(title: Optional[str], text: str) -> Optional[int]:
    """Year from the title, else from the statistical period, else the body's most common year."""
    if title:
        match = _YEAR.search(title)
        if match:
            return int(match.group(1))
    period = _PERIOD.search(text)
    if period:
        return int(period.group(1))
    years = Counter(int(y) for y in _YEAR.findall(text) if 2000 <= int(y) <= 2100)
    return years.most_common(1)[0][0] if years else None


def find_edition(year: Optional[int], proactive_text: str, requests_text: str) -> Optional[str]:
    """``legacy`` for reports on years ≤ 2018, else the table layout actually used (None if no table)."""
    if year is not None and year <= 2018:
        return "legacy"
    layout = table_layout(proactive_text)
    if layout is None and requests_text:
        layout = "2021" if re.search(r"逾期不补|缴纳费用", requests_text) else "2019" if "其他处理" in requests_text else None
    return layout
