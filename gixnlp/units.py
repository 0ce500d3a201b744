"""Narrative text -> units (TAXONOMY.md §1): one sentence each, split before enumerators.

A short enumerated phrase followed by more text (（四）持续加强监督保障。, 一是加强领导，落实责任。)
is a sub-heading unit and the ``heading`` context of the units after it.
"""

from __future__ import annotations

import re
from typing import Optional

from .normalize import CJK
from .report import NARRATIVE_SECTIONS, Block, Report, Section, Unit

_NUM = "一二三四五六七八九十"
ENUMERATOR = (rf"[（(][{_NUM}\d]{{1,2}}[）)]|[{_NUM}]{{1,2}}是|第[{_NUM}]{{1,2}}[，、,]|其[{_NUM}][，、,]"
              rf"|[{_NUM}]{{1,2}}、|\d{{1,2}}[.、．](?!\d)")
_ENUM_AT_START = re.compile(rf"^\s*(?:{ENUMERATOR})\s*")
# split after sentence ends, at paragraph breaks, and before an enumerator that follows a boundary
_SPLIT = re.compile(
    rf"(?<=[。！？!?])(?![”’」）)])\s*"
    rf"|\n\s*"
    rf"|[ \t]+(?=(?:{ENUMERATOR}))"
    rf"|(?<=[；;：:，,])\s*(?=(?:{ENUMERATOR}))"
)
# an inline sub-heading glued to its body: （二）政府信息依申请公开办理情况为进一步推进…
_GLUED_HEADING = re.compile(rf"^([（(][{_NUM}][）)][^，。；：\s]{{2,20}}?情况)(?=[^，。；：\s])"
                            rf"|^((?:[（(][{_NUM}][）)]|[{_NUM}]{{1,2}}、)[^，。；：\s]{{2,24}})\s+(?=[{CJK}“《])")
_SIGNATURE = re.compile(r"^[^。，,]{0,40}?\d{4}年\d{1,2}月\d{1,2}日$|^\d{4}年\d{1,2}月\d{1,2}日$")
_MAX_HEADING_CHARS = 24


def cjk_len(text: str) -> int:
    """Number of Chinese characters, the measure TAXONOMY uses for the 4-character floor."""
    return len(re.findall(f"[{CJK}]", text))


def strip_enumerator(text: str) -> str:
    return _ENUM_AT_START.sub("", text, count=1)


def _pieces(text: str, offset: int) -> list[tuple[int, str]]:
    raw, last = [], 0
    for match in _SPLIT.finditer(text):
        if match.start() > last:
            raw.append((offset + last, text[last:match.start()]))
        last = match.end()
    raw.append((offset + last, text[last:]))
    pieces = []
    for start, piece in raw:
        start, piece = start + len(piece) - len(piece.lstrip()), piece.strip()
        glued = _GLUED_HEADING.match(piece)
        if glued:
            heading = glued.group(1) or glued.group(2)
            pieces.append((start, heading))
            rest = piece[glued.end():]
            start, piece = start + glued.end() + len(rest) - len(rest.lstrip()), rest.strip()
        if piece:
            pieces.append((start, piece))
    return pieces


def _level(piece: str) -> int:
    """Depth of the enumerator a piece starts with: 一、 1, （一） 2, 1. / 一是 3; 0 for none."""
    match = _ENUM_AT_START.match(piece)
    if not match:
        return 0
    mark = match.group(0).strip()
    return 1 if mark.endswith("、") and mark[0] in _NUM else 2 if mark[0] in "（(" else 3


def _heads_block(piece: str, next_piece: Optional[str]) -> bool:
    """A short enumerated phrase followed by plain text or deeper items: the shape of a sub-heading."""
    if next_piece is None or not _level(piece) or 0 < _level(next_piece) <= _level(piece):
        return False
    body = strip_enumerator(piece).rstrip("。：:")
    return 0 < cjk_len(body) <= _MAX_HEADING_CHARS and not re.search(r"[。；;]", body) \
        and (piece.endswith(("。", "：", ":")) or "，" not in body)


def _is_item(piece: str) -> bool:
    return re.match(rf"\s*[{_NUM}]{{1,2}}是", piece) is not None


def split_units(text: str, section: str, offset: int = 0, heading: Optional[str] = None) -> list[Unit]:
    """Split one section body into units; ``offset`` makes ``Unit.start`` absolute."""
    pieces = _pieces(text, offset)
    shaped = [_heads_block(p, pieces[i + 1][1] if i + 1 < len(pieces) else None) for i, (_, p) in enumerate(pieces)]
    # 一是… items head blocks only when their siblings do too; a lone short 二是… is an item
    item_headings = sum(1 for (_, p), h in zip(pieces, shaped) if h and _is_item(p))
    units: list[Unit] = []
    for (start, piece), heads in zip(pieces, shaped):
        if cjk_len(strip_enumerator(piece)) < 4 or _SIGNATURE.match(piece):
            continue
        if heads and (not _is_item(piece) or item_headings >= 2):
            units.append(Unit(section, heading, piece, start, is_heading=True))
            heading = piece
        else:
            units.append(Unit(section, heading, piece, start))
    return units


def _block_at(blocks: list[Block], position: int) -> Optional[str]:
    return next((b.kind for b in blocks if b.start <= position < b.end), None)


def report_units(report: Report) -> list[Unit]:
    """All narrative units of a report in document order, with heading and 五-block context."""
    units: list[Unit] = []
    for section in report.sections:
        if section.code not in NARRATIVE_SECTIONS:
            continue
        units.extend(_section_units(report, section))
    return units


def _section_units(report: Report, section: Section) -> list[Unit]:
    body = report.text[section.start:section.end]
    units = split_units(body, section.code, section.start, section.heading)
    if section.code == "problems":
        for unit in units:
            unit.block = _block_at(report.blocks, unit.start)
    return units
