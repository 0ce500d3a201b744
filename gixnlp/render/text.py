"""A report for a person at a terminal: sections, units with labels, findings, score."""

from __future__ import annotations

import unicodedata
from typing import Any

SECTION_NAMES = {"overview": "一、总体情况", "proactive_table": "二、主动公开政府信息情况",
                 "requests_table": "三、收到和处理政府信息公开申请情况", "review_table": "四、行政复议、行政诉讼情况",
                 "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项"}
_SEVERITIES = ("error", "warning", "info")
_SEVERITY_NAMES = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}
_SUBSCORES = (("completeness", "完整性"), ("accuracy", "准确性"), ("substance", "实质内容"), ("problems", "问题与改进"),
              ("originality", "原创性"))
_EVIDENCE_CHARS = 160
_PER_CODE = 5  # findings of one code shown in full; the rest are counted


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
        label = pad(role + " ", 14) + pad(themes + " ", 28) + flag  # a space even after the longest
        prefix = "  ▸ " if unit.get("is_heading") else "    "
        out.append(f"  {label} {prefix}{unit['text']}")
    out += ["", *render_findings(data.get("findings") or []), "", *render_score(data.get("score"))]
    return "\n".join(out) + "\n"



def render_findings(findings: list[dict[str, Any]]) -> list[str]:
    """Findings grouped by severity, worst first: code, where, both messages, the evidence
    (at most five of one code: a report's twenty boilerplate units need not fill the screen)."""
    counts = ", ".join(f"{sum(f['severity'] == s for f in findings)} {s}" for s in _SEVERITIES)
    out = [f"Findings ({len(findings)}: {counts})"]
    for severity in _SEVERITIES:
        group = [f for f in findings if f["severity"] == severity]
        if not group:
            continue
        out.append(f"  {_SEVERITY_NAMES[severity]} ({len(group)})")
        for code in dict.fromkeys(f["code"] for f in group):
            same = [f for f in group if f["code"] == code]
            out += _finding_lines(same[:_PER_CODE])
            if len(same) > _PER_CODE:
                out.append(f"    {code}  … {len(same) - _PER_CODE} more (--format json lists them all)")
    return out


def _finding_lines(findings: list[dict[str, Any]]) -> list[str]:
    out = []
    for f in findings:
        where = " ".join(dict.fromkeys(str(x) for x in (f.get("section"), f.get("target")) if x))
        out.append(f"    {f['code']}  {f['message_zh']}")
        out.append(f"          {f['message_en']}" + (f"  [{where}]" if where else ""))
        if f.get("evidence"):
            evidence = " ".join(str(f["evidence"]).split())
            cut = evidence[:_EVIDENCE_CHARS] + ("…" if len(evidence) > _EVIDENCE_CHARS else "")
            out.append(f"          evidence: {cut}")
    return out


def render_score(score: dict[str, Any] | None) -> list[str]:
    """The total, each sub-score with a bar, and what cost the points."""
    if not score:
        return ["Score", "  —"]
    out = [f"Score  {score['total']:.1f} / 100"]
    deductions = score.get("deductions") or []
    for name, zh in _SUBSCORES:
        value = score.get(name)
        if value is None:
            continue
        bar = "█" * round(value / 10) + "·" * (10 - round(value / 10))
        lost = [d for d in deductions if d["subscore"] == name]
        why = ", ".join(f"{d.get('code') or d.get('metric')} −{d['points']:g}" for d in lost[:5])
        more = f", … ({len(lost)} in all)" if len(lost) > 5 else ""
        out.append(f"  {pad(f'{name} {zh}', 24)} {value:5.1f} {bar}  {why}{more}")
    return out
