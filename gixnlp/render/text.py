"""A report for a person at a terminal: sections, units with labels, findings, score."""

from __future__ import annotations

import unicodedata
from typing import Any

SECTION_NAMES = {"overview": "一、总体情况", "proactive_table": "二、主动公开政府信息情况",
                 "requests_table": "三、收到和处理政府信息公开申请情况", "review_table": "四、行政复议、行政诉讼情况",
                 "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项"}
_SEVERITIES = ("error", "warning", "info")


def width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def render(data: dict[str, Any]) -> str:
    """Render one ``gixnlp.report/1`` dict as aligned text."""
    out = [data.get("title") or data["source"], ""]
    for label, key in (("来源 source", "source"), ("机关 agency", "agency"), ("年度 year", "year"),
                       ("版式 edition", "edition")):
        out.append(f"  {pad(label, 14)} {data.get(key) if data.get(key) is not None else '—'}")
    out += ["", "Sections"]
    for section in data["sections"]:
        mark = "✓" if section["found"] else "✗"
        note = " (heading lost, inferred)" if section.get("inferred") else ""
        out.append(f"  {mark} {pad(SECTION_NAMES[section['code']], 36)} {section['code']}{note}")
    out += ["", f"Units ({len(data['units'])})"]
    current = None
    for unit in data["units"]:
        if unit["section"] != current:
            current = unit["section"]
            out.append(f"  [{SECTION_NAMES[current]}]")
        role = unit.get("role") or "—"
        themes = ",".join(unit.get("themes") or []) or "—"
        flag = "套话" if unit.get("boilerplate") else "    "
        label = pad(f"{role}", 13) + pad(themes, 28) + flag
        prefix = "  ▸ " if unit.get("is_heading") else "    "
        out.append(f"  {label} {prefix}{unit['text']}")
    findings = data.get("findings") or []
    out += ["", f"Findings ({len(findings)})"]
    for severity in _SEVERITIES:
        for f in (f for f in findings if f["severity"] == severity):
            out.append(f"  {pad(severity, 8)} {f['code']} {f['message_zh']} — {f['message_en']}")
            if f.get("evidence"):
                out.append(f"           evidence: {str(f['evidence'])[:120]}")
    score = data.get("score")
    out += ["", "Score"]
    if score:
        out.append("  " + "  ".join(f"{k} {v:.1f}" for k, v in score.items()))
    else:
        out.append("  — (no scoring model loaded)")
    return "\n".join(out) + "\n"

