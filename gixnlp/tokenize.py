"""Chinese word segmentation behind one small picklable interface.

Two backends with jieba's dictionary and algorithm. ``jieba`` is the reference, in Python.
``rjieba`` (the jieba-rs binding) is the default: about ten times faster, which is most of what a
batch spends per report, and 20 MB smaller per process. It cuts runs of Han characters, and
everything else is split the way jieba's HMM step splits it (numbers with decimals and %, runs of
``+#&._%-``, single other characters), so the two agree on more than 99.9% of tokens over the
corpus (``tests/test_model.py`` checks it; ``scripts/tokenizer_agreement.py`` measures it). The
engine is created on first use, not on pickling, so a tokenizer can be sent to worker processes cheaply.
"""

from __future__ import annotations

import logging
import re
from typing import Callable, Optional

BACKENDS = ("jieba", "rjieba")
DEFAULT_BACKEND = "rjieba"

_HAN_RUN = re.compile(r"([\u4e00-\u9fd5]+)")
_NON_HAN = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?|[+#&._%\-]+|\r\n|.", re.S)


class Tokenizer:
    """``tokenizer(text) -> list[str]`` with a named backend; pickles as its backend name only."""

    def __init__(self, backend: str = DEFAULT_BACKEND):
        if backend not in BACKENDS:
            raise ValueError(f"unknown tokenizer backend {backend!r}; choose one of {', '.join(BACKENDS)}")
        self.backend = backend
        self._cut: Optional[Callable[[str], list[str]]] = None

    def __call__(self, text: str) -> list[str]:
        if self._cut is None:
            self._cut = _jieba() if self.backend == "jieba" else _rjieba()
        return self._cut(text)

    def __getstate__(self) -> dict:
        return {"backend": self.backend}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["backend"])

    def __repr__(self) -> str:
        return f"Tokenizer({self.backend!r})"


def _jieba() -> Callable[[str], list[str]]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.lcut


def _rjieba() -> Callable[[str], list[str]]:
    import rjieba

    def cut(text: str) -> list[str]:
        tokens: list[str] = []
        for i, part in enumerate(_HAN_RUN.split(text)):
            if part:
                tokens.extend(rjieba.cut(part) if i % 2 else _NON_HAN.findall(part))
        return tokens

    return cut


def agreement(reference: list[str], other: list[str]) -> float:
    """Share of ``reference``'s tokens that ``other`` cuts at exactly the same character span."""

    def spans(tokens: list[str]) -> set[tuple[int, int]]:
        out, i = set(), 0
        for token in tokens:
            out.add((i, i + len(token)))
            i += len(token)
        return out

    return len(spans(reference) & spans(other)) / len(reference) if reference else 1.0
