"""What a top-level heading says, as data: one pattern per section code.

Headings are recognised by their words, not their numerals, so misnumbered,
unnumbered and typo'd headings (行政法复议) still land on the right code.
"""

from __future__ import annotations

import re

NUMERALS = "一二三四五六七八九十"

#: (code, pattern of the heading phrase). Order matters only for ties.
HEADING_PATTERNS: list[tuple[str, str]] = [
    ("overview", r"(?:年度)?(?:政府信息公开(?:工作)?的?)?(?:总体情况|概述|工作概况|概况|基本情况|工作开展情况)"),
    ("proactive_table", r"(?:政府信息)?主动公开(?:政府)?(?:信息)?(?:的)?(?:工作)?情况"),
    ("requests_table", r"收到和处理政府信息公开申请(?:的)?情况|(?:政府信息)?依申请公开[^。\s]{0,14}?情况"
                       r"|(?:政府信息公开的)?收费及减免(?:的)?情况"),
    ("review_table", r"[^。\s]{0,14}?行政法?复议[^。\s]{0,12}?诉讼[^。\s]{0,6}?情况"),
    ("problems", r"(?:当前|目前|本年度|(?:政府)?信息公开(?:工作)?|工作中)?(?:存在的?)?(?:主要|突出)?问题(?:[和及与]|以及)?"
                 r"(?:下[一]?步)?(?:的)?(?:改进|整改)?(?:情况|措施|举措|方向|计划)?"
                 r"|(?:下[一]?步|下一步)?(?:的)?改进(?:情况|措施|举措|计划)"
                 r"|(?:工作中)?存在的?不足|今后(?:的)?工作(?:打算|计划|思路)"),
    ("other", r"其他需要?(?:报告|说明)的?事项|需要?(?:报告|说明)的?其他事项(?:与附表)?|[^。\s]{0,12}事务支出情况"),
    ("fee", r"信息处理费(?:的)?(?:收取)?(?:情况)?"),
]

_COMPILED = [(code, re.compile(pattern)) for code, pattern in HEADING_PATTERNS]

#: a top-level enumerator such as 一、 or 五. (not （一）, which is a sub-heading)
ENUMERATOR = re.compile(rf"([{NUMERALS}]{{1,2}})\s*[、.．]\s*")
#: rows of table 三 that look like top-level headings
TABLE_ROW = re.compile(r"本年新收|上年结转|本年度办理结果|结转下年度")


def classify(phrase: str) -> tuple[str, int] | None:
    """Return (code, length of the heading phrase) if ``phrase`` starts with a known heading."""
    for code, pattern in _COMPILED:
        match = pattern.match(phrase)
        if match and match.end() >= 2:
            return code, match.end()
    return None
