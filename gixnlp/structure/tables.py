"""Tables 二/三/四 -> numbers, for both layouts and every form the corpus shows.

Rows are found by their labels in order (labels are matched on a copy of the
text with the whitespace inside labels removed); the cells of a row are what
stands between its label and the next one: tab-, ``|``- or space-separated, one
per line, or digits run together. Run-together digits are split only where the
row's totals make the split unique; otherwise the row is marked unreadable.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Callable, Iterator, Optional, Sequence

from ..normalize import CJK
from ..report import Cell, Table
from . import layouts

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_TOKEN = re.compile(r"[+-]?\d+(?:\.\d+)?|/|[—－-]+")
_MAX_SPLITS = 2000


_SPACES = re.compile(r"\s+")


def compact(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, except one space where up to five whitespace characters stand between
    two digits (cells of a row), and a map back to offsets."""
    keep, where = [], []
    start = 0
    for gap in _SPACES.finditer(text):
        begin, end = gap.span()
        keep.append(text[start:begin])
        where.extend(range(start, begin))
        if end - begin <= 5 and begin > 0 and end < len(text) and text[begin - 1].isdigit() and text[end].isdigit():
            keep.append(" ")
            where.append(begin + max(0, end - begin - 3))
        start = end
    keep.append(text[start:])
    where.extend(range(start, len(text) + 1))
    return "".join(keep), where


def _value(piece: str) -> Optional[Cell]:
    """A cell's value: number, '' for blank, '/' or '—' as written; None for label text."""
    piece = piece.strip().removesuffix("万元").strip()
    if piece == "":
        return ""
    if _NUMBER.fullmatch(piece):
        number = float(piece)
        return int(number) if "." not in piece else number
    if piece == "/":
        return "/"
    if re.fullmatch(r"[—－-]+", piece):
        return "—"
    return None


def _raw_tokens(region: str, noise: str) -> list[str]:
    """Numbers and marks of a space-separated (or run-together) row, label words removed."""
    region = re.sub(noise, " ", region) if noise else region
    return _TOKEN.findall(re.sub(f"[{CJK}A-Za-z（）()“”\"、，。：:]+", " ", region))


def _values(region: str, noise: str) -> list[Cell]:
    region = re.sub(noise, " ", region) if noise else region
    region = re.sub(r"\|\s*:?-{3,}:?\s*(?=\|)", "|", region)  # markdown |---| separator cells
    if "\t" in region or "|" in region:
        pieces = re.split(r"[\t|]", region)[1:]
        values: list[Cell] = []
        for piece in pieces:
            value = _value(piece)
            if value is None and not re.search(f"[{CJK}]", piece):
                values.extend(_value(t) for t in _TOKEN.findall(piece))
            elif value is not None:
                values.append(value)
        return values
    return [_value(t) for t in _raw_tokens(region, "")]


def _splits(token: str, parts: int) -> Iterator[list[int]]:
    """Every way to cut a digit run into ``parts`` numbers without leading zeros."""
    if parts == 1:
        if token == "0" or not token.startswith("0"):
            yield [int(token)]
        return
    for cut in range(1, len(token) - parts + 2):
        head = token[:cut]
        if head != "0" and head.startswith("0"):
            break
        for rest in _splits(token[cut:], parts - 1):
            yield [int(head)] + rest


class _DigitRun(str):
    """A token of digits that may hold several cells."""


def _recover(raw: list[str], n: int, check: Optional[Callable[[list[Cell]], bool]]) -> Optional[list[Cell]]:
    """Split run-together digit tokens into ``n`` cells when exactly one split passes ``check``."""
    tokens: list[Cell] = []
    for token in raw:
        tokens.append(token if not token.isdigit() else _DigitRun(token))
    found = []
    for candidate in islice(_runs(tokens, n), _MAX_SPLITS):
        if check is None or check(candidate):
            found.append(candidate)
            if len(found) > 1:
                return None
    return found[0] if found else None


def _runs(tokens: list, n: int) -> Iterator[list[Cell]]:
    if not tokens:
        if n == 0:
            yield []
        return
    first, rest = tokens[0], tokens[1:]
    if isinstance(first, _DigitRun):
        for parts in range(1, min(len(first), n - len(rest)) + 1):
            for head in _splits(str(first), parts):
                for tail in _runs(rest, n - parts):
                    yield head + tail
    elif n >= 1:
        value = _value(first)
        for tail in _runs(rest, n - 1):
            yield [value] + tail


def _fit(region: str, n: int, noise: str, check: Optional[Callable[[list[Cell]], bool]]) -> tuple[Optional[list[Cell]], bool]:
    """The row's ``n`` cells (or None), and whether run-together digits had to be split."""
    values = _values(region, noise)
    while len(values) > n and values[-1] == "":
        values.pop()
    while len(values) > n and values[0] == "":
        values.pop(0)
    if len(values) == n:
        return values, False
    if len(values) > n or "\t" in region or "|" in region:
        return None, False
    return _recover(_raw_tokens(region, noise), n, check), True


def _sums_to_last(cells: Sequence[Cell]) -> bool:
    numbers = [c for c in cells if isinstance(c, (int, float))]
    return len(numbers) == len(cells) and abs(sum(numbers[:-1]) - numbers[-1]) < 1e-6


def _review_check(cells: Sequence[Cell]) -> bool:
    return all(_sums_to_last(cells[g * 5:g * 5 + 5]) for g in range(3))


def _parse_rows(text: str, rows, noise: str, check) -> tuple[dict, list[str], list[str]]:
    flat, where = compact(text)
    found = []
    position = 0
    for key, pattern, columns in rows:
        match = re.compile(pattern).search(flat, position)
        if match:
            found.append((key, columns, where[match.start()], where[match.end() - 1] + 1))
            position = match.end()
    result: dict[str, dict[str, Cell]] = {}
    unreadable, recovered = [], []
    for i, (key, columns, _, label_end) in enumerate(found):
        region_end = found[i + 1][2] if i + 1 < len(found) else len(text)
        cells, split = _fit(text[label_end:region_end], len(columns), noise, check)
        if cells is None:
            unreadable.append(key)
            result[key] = {c: None for c in columns}
            continue
        if split:
            recovered.append(key)
        result[key] = dict(zip(columns, cells))
    return result, unreadable, recovered


def table_layout(text: str) -> Optional[str]:
    """'2021' or '2019' from the words of table 二, None when neither appears."""
    if re.search(layouts.LAYOUT_2021_MARKS, text):
        return "2021"
    if re.search(layouts.LAYOUT_2019_MARKS, text):
        return "2019"
    return None


def parse_proactive(text: str) -> Optional[Table]:
    layout = table_layout(compact(text)[0])
    if layout is None:
        return None
    rows, unreadable, recovered = _parse_rows(text, layouts.PROACTIVE[layout], layouts.PROACTIVE_NOISE + r"-?", None)
    return Table("proactive", layout, rows, unreadable, recovered) if rows else None


def parse_requests(text: str) -> Optional[Table]:
    flat = compact(text)[0]
    if "本年新收" not in flat and "予以公开" not in flat:
        return None
    layout = "2021" if re.search(r"逾期不补|缴纳费用", flat) else "2019"
    noise = r"[（(]本列数据的勾稽关系为[^)）]*[)）]"
    rows, unreadable, recovered = _parse_rows(text, layouts.REQUESTS[layout], noise, _sums_to_last)
    return Table("requests", layout, rows, unreadable, recovered) if rows else None


_REVIEW_HEADER = re.compile(r"维持|纠正|结果|审结|总计|尚未|其他|起诉|复议|诉讼|行政")


def parse_review(text: str) -> Optional[Table]:
    flat, where = compact(text)
    headers = list(_REVIEW_HEADER.finditer(flat))
    if not headers:
        return None
    region = text[where[headers[-1].end() - 1] + 1:]
    columns = [f"{g}:{c}" for g in layouts.REVIEW_GROUPS for c in layouts.REVIEW_COLUMNS]
    cells, split = _fit(region, len(columns), "", _review_check)
    table = Table("review", "2019/2021")
    flat = dict(zip(columns, cells)) if cells else {c: None for c in columns}
    for group in layouts.REVIEW_GROUPS:
        table.rows[group] = {c: flat[f"{group}:{c}"] for c in layouts.REVIEW_COLUMNS}
    if cells is None:
        table.unreadable = list(layouts.REVIEW_GROUPS)
    elif split:
        table.recovered = list(layouts.REVIEW_GROUPS)
    return table
