"""Find the six top-level sections, and 五's sub-blocks, by what their headings say."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..report import Block, Section
from .headings import ENUMERATOR, TABLE_ROW, classify

_BOUNDARY = set("。；;：:！？!?”」）)】]") | set("0123456789%")
_MAX_LINE_HEADING = 40


@dataclass
class _Candidate:
    start: int
    end: int
    code: Optional[str]
    numeral: str


def _heading_end(text: str, phrase_end: int) -> int:
    """A heading ends with its phrase and the full stop or colon after it, if any."""
    return phrase_end + 1 if text[phrase_end:phrase_end + 1] in ("。", "：", ":") else phrase_end


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in ENUMERATOR.finditer(text):
        i = match.start()
        prev = text[i - 1] if i else "\n"
        at_boundary = prev.isspace() or prev in _BOUNDARY
        rest = text[match.end():match.end() + 60]
        if TABLE_ROW.match(rest):
            continue
        hit = classify(rest)
        if hit and (at_boundary or hit[0] != "problems" or hit[1] >= 6):
            found.append(_Candidate(i, _heading_end(text, match.end() + hit[1]), hit[0], match.group(1)))
        elif match.group(1) == "一" and at_boundary:
            line_end = text.find("\n", i)
            line = text[i:line_end if line_end >= 0 else len(text)]
            stop = re.search(r"[。（(]|\s", line[match.end() - i:])
            end = match.end() + (stop.start() if stop else len(line) - (match.end() - i))
            found.append(_Candidate(i, min(end, match.end() + 24), None, "一"))
    # unnumbered headings standing alone on a line
    for match in re.finditer(r"^[ \t]*(\S[^\n]{1,38})$", text, re.M):
        line = match.group(1).rstrip("。：:")
        hit = classify(line)
        if hit and hit[1] == len(line) and not any(c.start <= match.start(1) < c.end for c in found):
            found.append(_Candidate(match.start(1), match.end(1), hit[0], ""))
    found.sort(key=lambda c: c.start)
    return found


_TABLE_WORDS = re.compile(r"第二十条|信息内容|申请人情况|本年新收|结果维持|复议后起诉")
_TABLE_CODES = ("proactive_table", "requests_table", "review_table")


def _resolve(cands: list[_Candidate], text: str) -> list[_Candidate]:
    """Name the unknown 一、 before the first known section ``overview``; merge split parts.

    Of two headings in a row for the same table section (an overview sub-part 三、主动公开工作情况
    before the real 一、主动公开政府信息情况), the one followed by the table's words wins.
    """
    known = [c for c in cands if c.code]
    first_known = known[0].start if known else None
    result: list[_Candidate] = []
    for c in cands:
        if c.code is None:
            if first_known is None or c.start > first_known or any(r.code == "overview" for r in result) \
                    or any(k.code == "overview" for k in known):
                continue
            c.code = "overview"
        if result and result[-1].code == c.code:
            previous = result[-1]
            if c.code in _TABLE_CODES and not _TABLE_WORDS.search(text, previous.end, min(c.start, previous.end + 200)) \
                    and _TABLE_WORDS.search(text, c.end, c.end + 200):
                result[-1] = c
            continue  # a second part of the same section (五 split into problems / improvements)
        result.append(c)
    return result


_LOST_PROBLEMS = re.compile(r"[（(]一[）)]\s*[^。\n]{0,24}?(?:存在(?:的)?(?:主要)?问题|主要问题|改进情况|整改情况)")


def find_sections(text: str) -> list[Section]:
    """Return the sections in document order; codes may include ``fee`` (a fee table part)."""
    cands = _resolve(_candidates(text), text)
    sections = []
    for i, c in enumerate(cands):
        end = cands[i + 1].start if i + 1 < len(cands) else len(text)
        heading = text[c.start:c.end].strip()
        sections.append(Section(c.code, heading, c.start, c.end, end))
    if sections and not any(s.code == "problems" for s in sections):
        _infer_problems(text, sections)
    if sections and not any(s.code == "overview" for s in sections):
        _infer_overview(text, sections)
    return sections


def _infer_overview(text: str, sections: list[Section]) -> None:
    """No 一 heading but narrative before 二: that text (after the title line) is the overview."""
    first = sections[0]
    title_end = text.find("报告")
    start = text.find("\n", title_end) if 0 <= title_end < first.heading_start else -1
    start = start + 1 if 0 <= start < first.heading_start else 0
    if first.code != "proactive_table" or len(text[start:first.heading_start].strip()) < 100:
        return
    sections.insert(0, Section("overview", None, start, start, first.heading_start, inferred=True))


def _infer_problems(text: str, sections: list[Section]) -> None:
    """五's heading was lost: start it at a sub-heading such as （一）主要问题 after the tables."""
    tables = [s for s in sections if s.code in ("proactive_table", "requests_table", "review_table", "fee")]
    after = max((s.start for s in tables), default=None)
    if after is None:
        return
    other = next((s for s in sections if s.code == "other" and s.start > after), None)
    limit = other.heading_start if other else len(text)
    match = _LOST_PROBLEMS.search(text, after, limit)
    if not match:
        return
    for s in sections:
        if s.start <= match.start() < s.end:
            s.end = match.start()
    sections.append(Section("problems", None, match.start(), match.start(), limit, inferred=True))
    sections.sort(key=lambda s: s.heading_start)


_SUBHEADING = re.compile(r"(?:^|(?<=[\s。；：]))(?:[（(][一二三四五六七八九十][）)]|[一二三四五六七八九十]、|\d[.、．])\s*([^。\n\s]{2,30})")


def block_kind(heading: str, year: Optional[int]) -> Optional[str]:
    """Which part of 五 a sub-heading opens: rectification, problems, measures (or None)."""
    years = [int(y) for y in re.findall(r"(20\d\d)年", heading)]
    if re.search(r"上一?年度?|去年|以往", heading) or (year and any(y < year for y in years)):
        if re.search(r"问题|整改|改进", heading):
            return "rectification"
    if re.search(r"改进|措施|举措|下一?步|计划|打算|方向|整改", heading):
        return "measures"
    if re.search(r"问题|不足|差距", heading):
        return "problems"
    return None


def find_blocks(text: str, section: Section, year: Optional[int]) -> list[Block]:
    """Sub-blocks of 五 where sub-headings name them; empty when 五 is one undivided text."""
    marks = []
    for match in _SUBHEADING.finditer(text, section.start, section.end):
        kind = block_kind(match.group(1), year)
        if kind and len(match.group(1)) <= 24:
            marks.append((match.start(), kind, match.group(0).strip()))
    blocks = []
    for i, (start, kind, heading) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else section.end
        if blocks and blocks[-1].kind == kind:
            blocks[-1].end = end
            continue
        blocks.append(Block(kind, heading, start, end))
    return blocks
