"""Text normalisation: a pipeline of small pure ``str -> str`` steps.

Order matters and is fixed in :data:`STEPS`; each step is testable on its own.
Line and tab structure is kept, because table parsing reads it.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from typing import Callable

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese punctuation is kept full-width: unit texts and headings read as written.
_KEEP_WIDE = set("，；：（）！？［］｛｝～…")


class _HalfWidth(dict):
    """Code point -> its NFKC form (Chinese punctuation: itself), worked out once per character seen."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        self[code] = ch if ch in _KEEP_WIDE else unicodedata.normalize("NFKC", ch)
        return self[code]


_HALFWIDTH = _HalfWidth()


def to_halfwidth(text: str) -> str:
    """NFKC (full-width digits/letters, Kangxi radicals from PDFs, compatibility forms) but keep Chinese punctuation."""
    return text.translate(_HALFWIDTH)


def unify_whitespace(text: str) -> str:
    """CRLF -> LF, odd spaces -> space, no trailing spaces, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ", text)
    text = re.sub(r"[\u200b-\u200d\ufeff]", "", text)
    text = re.sub(r" +\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


_PAGE_NUMBER = re.compile(r"^[ \t]*(?:[-—–－]+[ \t]*\d{1,3}[ \t]*[-—–－]+|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)[ \t]*$", re.M)


def drop_page_numbers(text: str) -> str:
    """Remove page-number lines such as ``- 1 -``, ``— 6 —`` and ``第2页 共5页``."""
    return _PAGE_NUMBER.sub("", text)


_IMAGE = re.compile(r"\[image:[^\]]*\]")


def drop_conversion_junk(text: str) -> str:
    """Remove ``[image: …]`` markers and the garbage lines OCR/conversion leaves with them."""
    lines = []
    for line in text.split("\n"):
        if _IMAGE.search(line):
            rest = _IMAGE.sub("", line)
            if not re.search(f"[{CJK}]", rest):
                continue
            line = rest
        lines.append(line)
    return "\n".join(lines)


def join_cjk_digit_spaces(text: str) -> str:
    """``2023 年`` -> ``2023年``, ``共 3 件`` -> ``共3件``; spaces between digits (table cells) stay."""
    text = re.sub(f"(?<=[{CJK}，。、；：（）“”《》])[ ]+(?=[0-9])(?!\\d{{1,2}}[.、．](?!\\d))", "", text)
    return re.sub(f"(?<=[0-9%])[ ]+(?=[{CJK}，。、；：（）“”《》])", "", text)


_ENDS_SENTENCE = re.compile(r"[。！？；：:;!?]$")
_STARTS_BLOCK = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|第[一二三四五六七八九十]+[是，、]|[一二三四五六七八九十]是|[\t])")


def rejoin_broken_lines(text: str) -> str:
    """Re-join lines that PDF extraction broke mid-sentence.

    A line is a wrapped one when it is about as long as the page's usual full
    line and does not end a sentence; the next non-blank line is glued to it
    unless that line starts a heading or enumerator.
    """
    lines = text.split("\n")
    lengths = [len(l.strip()) for l in lines if len(l.strip()) >= 8 and "\t" not in l]
    if len(lengths) < 10:
        return text
    width = statistics.quantiles(lengths, n=10)[7]  # 80th percentile: a full printed line
    full = [n for n in lengths if n >= 0.9 * width]
    if width > 60 or len(full) < 0.3 * len(lengths):  # paragraphs, not a wrapped page
        return text
    out: list[str] = []
    pending = False
    for line in lines:
        stripped = line.strip()
        if pending and stripped == "":
            continue
        if pending and stripped and not _STARTS_BLOCK.match(line):
            out[-1] = out[-1].rstrip() + stripped
        else:
            out.append(line)
        current = out[-1].strip()
        pending = bool(current) and "\t" not in out[-1] and len(stripped) >= 0.85 * width \
            and not _ENDS_SENTENCE.search(current)
    return "\n".join(out)


STEPS: list[Callable[[str], str]] = [
    to_halfwidth,
    unify_whitespace,
    drop_page_numbers,
    drop_conversion_junk,
    rejoin_broken_lines,
    join_cjk_digit_spaces,
    unify_whitespace,
]


def normalize(text: str) -> str:
    """Apply every step of :data:`STEPS` in order."""
    for step in STEPS:
        text = step(text)
    return text
