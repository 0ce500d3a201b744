"""The batch run's ``index.html``: one self-contained page a reviewer opens in a browser.

Summary, charts and the most frequent findings are rendered here, because they are
small. The report table and the per-report details are embedded as JSON and built by
the page's own script on demand, so that a batch of 10,000 reports stays usable.
"""

from __future__ import annotations

import json
import math
import statistics
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from jinja2 import Environment, FileSystemLoader, Template
from markupsafe import Markup

SUBSCORES = ("completeness", "accuracy", "substance", "problems", "originality")
SEVERITIES = ("error", "warning", "info")

# Display names (TAXONOMY.md, REPORT-FORMAT.md); codes stay the identifiers.
LABELS: dict[str, dict[str, str]] = {
    "subscores": {
        "completeness": "完整性",
        "accuracy": "准确性",
        "substance": "实质内容",
        "problems": "问题与整改",
        "originality": "原创性",
    },
    "severities": {"error": "错误", "warning": "警告", "info": "提示"},
    "roles": {
        "summary": "工作情况",
        "problem": "存在问题",
        "measure": "改进措施",
        "rectification": "整改情况",
        "framing": "过渡/套语",
    },
    "themes": {
        "proactive": "主动公开",
        "request": "依申请公开",
        "management": "信息管理",
        "platform": "平台渠道",
        "interpretation": "解读回应",
        "organization": "组织领导",
        "oversight": "监督考核",
        "staffing": "队伍培训",
        "standardization": "制度规范",
        "quality": "公开质量",
    },
    "sections": {
        "overview": "一、总体情况",
        "proactive_table": "二、主动公开政府信息情况",
        "requests_table": "三、收到和处理政府信息公开申请情况",
        "review_table": "四、政府信息公开行政复议、行政诉讼情况",
        "problems": "五、存在的主要问题及改进情况",
        "other": "六、其他需要报告的事项",
    },
}

HISTOGRAM_BUCKETS = 10
TOP_FINDINGS = 20

_TEMPLATES = Path(__file__).parent / "templates"
# JSON inside <script> must not contain "<" (no "</script>", no "<!--") nor raw U+2028/9.
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def render_index(records: Iterable[dict], title: str = "gixnlp") -> str:
    """Render the batch page for ``records`` (the lines of reports.jsonl, in order).

    A report's detail is at ``#r-<i>``, ``i`` being its 0-based position in ``records``.
    """
    page = IndexPage(title)
    details = [page.add(record) for record in records]
    return "".join(page.generate(details))


class IndexPage:
    """The page built one record at a time, so that a batch never has to be held in memory.

    :meth:`add` keeps what the list view needs (a table row, finding counts: small) and
    returns the record's detail block, which the caller keeps or spools to a file, one per
    line (the block holds no newline); :meth:`generate` then yields the page in pieces,
    taking the detail blocks, in the order added, from any iterable.
    """

    def __init__(self, title: str = "gixnlp") -> None:
        self.title = title
        self.rows: list[dict] = []
        self.findings = _FindingTally()

    def add(self, record: dict) -> str:
        """Take one record; return its detail block (script-safe JSON, one line)."""
        row, tally, detail = self.entry(record)
        self.add_entry(row, tally)
        return detail

    @staticmethod
    def entry(record: dict) -> tuple[dict, list[list], str]:
        """What the page takes from one record: its table row, its findings for the tally, its detail
        block. Plain data, so a batch worker can prepare it and the page only collects it."""
        tally = [[str(f.get("code")), f.get("severity"), f.get("message_zh"), f.get("message_en")]
                 for f in _findings(record)]
        return _row(record), tally, str(_script_json(_detail(record)))

    def add_entry(self, row: dict, tally: list[list]) -> None:
        self.rows.append({"i": len(self.rows), **row})
        self.findings.add(tally)

    def generate(self, details: Iterable[str]) -> Iterator[str]:
        """The page, piece by piece; ``details`` are the blocks :meth:`add` returned, in order."""
        rows = self.rows
        totals = [row["total"] for row in rows if row["total"] is not None]
        return _template().generate(
            title=self.title,
            summary=_summary(rows, totals),
            histogram=_histogram(totals),
            boxes=[_box(name, [row[name] for row in rows if row[name] is not None]) for name in SUBSCORES],
            top_findings=self.findings.top(),
            labels=LABELS,
            labels_json=_script_json(LABELS),
            rows_json=_script_json(rows),
            details=(Markup(block) for block in details),
        )


@lru_cache(maxsize=1)
def _template() -> Template:
    """Autoescaping is on: every string from a report is untrusted text."""
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("index.html.j2")


def _script_json(data: Any) -> Markup:
    """JSON that can sit verbatim inside ``<script type="application/json">``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SCRIPT_SAFE:  # str.replace is much faster than str.translate on CJK text
        text = text.replace(char, escape)
    return Markup(text)


def _number(value: Any) -> Optional[float]:
    """A score as float, or None when absent or not a finite number (error records; NaN would break JSON.parse)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _findings(record: dict) -> list[dict]:
    """The record's findings; error records have none, partial output may hold junk."""
    return [f for f in record.get("findings") or [] if isinstance(f, dict)]


def _row(record: dict) -> dict:
    """One table row: what the table shows, sorts and filters on (its position ``i`` is added by the page)."""
    score = record.get("score") or {}
    counts = Counter(f.get("severity") for f in _findings(record))
    row = {
        "source": record.get("source"),
        "agency": record.get("agency"),
        "title": record.get("title"),
        "year": record.get("year"),
        "status": record.get("status", "ok"),
        "error": record.get("error"),
        "total": _number(score.get("total")),
        "codes": sorted({str(f.get("code")) for f in _findings(record)}),
    }
    row.update({name: _number(score.get(name)) for name in SUBSCORES})
    row.update({"n_" + severity: counts.get(severity, 0) for severity in SEVERITIES})
    return row


def _detail(record: dict) -> dict:
    """Everything the detail view shows; units are grouped into (section, heading) paragraphs.

    Shapes, kept compact because units are most of the page's size:
    ``sections``: [code, heading, found]; ``groups``: [section, heading, [[text, role, themes, boilerplate], …]];
    ``findings``: [code, severity, section, target, message_zh, message_en, evidence].
    """
    return {
        "source": record.get("source"),
        "title": record.get("title"),
        "agency": record.get("agency"),
        "year": record.get("year"),
        "edition": record.get("edition"),
        "status": record.get("status", "ok"),
        "error": record.get("error"),
        "score": {name: _number((record.get("score") or {}).get(name)) for name in ("total", *SUBSCORES)},
        "sections": [[s.get("code"), s.get("heading"), bool(s.get("found"))] for s in record.get("sections") or []],
        "groups": _unit_groups(record.get("units") or []),
        "findings": [
            [f.get(k) for k in ("code", "severity", "section", "target", "message_zh", "message_en", "evidence")]
            for f in _findings(record)
        ],
    }


def _unit_groups(units: Iterable[dict]) -> list[list]:
    """Consecutive units under the same section and heading form one paragraph."""
    groups: list[list] = []
    for unit in units:
        key = [unit.get("section"), unit.get("heading")]
        if not groups or groups[-1][:2] != key:
            groups.append([*key, []])
        groups[-1][2].append([unit.get("text"), unit.get("role"), unit.get("themes"), unit.get("boilerplate")])
    return groups


def _summary(rows: list[dict], totals: list[float]) -> dict:
    ok = sum(row["status"] == "ok" for row in rows)
    return {
        "reports": len(rows),
        "ok": ok,
        "errors": len(rows) - ok,
        "mean": round(statistics.fmean(totals), 1) if totals else None,
        "median": round(statistics.median(totals), 1) if totals else None,
        "findings": {severity: sum(row["n_" + severity] for row in rows) for severity in SEVERITIES},
    }


def _histogram(totals: list[float]) -> list[dict]:
    """Counts in ten buckets [0,10) … [90,100]; 100 goes into the last, out-of-range values are clamped."""
    counts = [0] * HISTOGRAM_BUCKETS
    width = 100 / HISTOGRAM_BUCKETS
    for total in totals:
        counts[min(max(int(total // width), 0), HISTOGRAM_BUCKETS - 1)] += 1
    return [{"lo": round(i * width), "hi": round((i + 1) * width), "count": c} for i, c in enumerate(counts)]


def _box(name: str, values: list[float]) -> dict:
    """Five-number summary and mean of one sub-score, for a box plot."""
    box: dict[str, Any] = {"name": name, "label": LABELS["subscores"][name], "n": len(values)}
    if not values:
        return box
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else values * 3
    box.update(min=min(values), q1=q1, median=median, q3=q3, max=max(values), mean=round(statistics.fmean(values), 1))
    return box


class _FindingTally:
    """Per code: its findings' number, severities and messages, and how many reports have it."""

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.reports: Counter[str] = Counter()
        self.severities: defaultdict[str, Counter] = defaultdict(Counter)
        self.messages: defaultdict[str, tuple[Counter, Counter]] = defaultdict(lambda: (Counter(), Counter()))

    def add(self, findings: list[list]) -> None:
        """One report's findings as [code, severity, message_zh, message_en]."""
        for code, severity, zh, en in findings:
            self.count[code] += 1
            self.severities[code][severity] += 1
            self.messages[code][0][zh] += 1
            self.messages[code][1][en] += 1
        self.reports.update({f[0] for f in findings})

    def top(self) -> list[dict]:
        """Codes by number of findings, with how many reports have them and their most common message."""
        top = sorted(self.count.items(), key=lambda item: (-item[1], item[0]))[:TOP_FINDINGS]
        return [
            {
                "code": code,
                "severity": _most_common(self.severities[code]),
                "count": count,
                "reports": self.reports[code],
                "message_zh": _most_common(self.messages[code][0]),
                "message_en": _most_common(self.messages[code][1]),
            }
            for code, count in top
        ]


def _most_common(values: Union[Counter, Iterable[Any]]) -> Any:
    """Messages vary with their target (which section, which theme); show the typical one."""
    counts = values if isinstance(values, Counter) else Counter(values)
    return counts.most_common(1)[0][0]
