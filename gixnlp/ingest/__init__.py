"""Bytes of a .txt/.docx/.pdf/.html file -> one raw text string.

One small module per format; :func:`read_text` picks by suffix (and by magic
bytes for files whose suffix lies) and turns every failure into ``ReadError``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from ..errors import ReadError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: suffix -> the reader module's name; a reader (and its library) is imported when a file needs it
SUFFIXES = {".txt": "text", ".text": "text", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}


def _reader_for(path: Path, head: bytes) -> ModuleType:
    """By suffix; a PDF or Word file saved under another report suffix is read by what it is."""
    name = SUFFIXES.get(path.suffix.lower())
    if name is None:
        raise ReadError(path, f"unsupported file type {path.suffix or '(none)'!r}; "
                              f"expected one of {', '.join(sorted(SUFFIXES))}")
    if head.startswith(b"%PDF"):
        name = "pdf"
    elif head.startswith(b"PK\x03\x04") and name != "text":
        name = "docx"
    return importlib.import_module(f"{__name__}.{name}")


def read_text(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the text of ``path``; raise ``ReadError`` naming the file and reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ReadError(path, "is a folder, not a report file")
        if size > max_bytes:
            raise ReadError(path, f"file is {size / 1e6:.1f} MB, over the size limit of "
                                  f"{max_bytes / 1e6:.1f} MB (raise it with --max-size)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(path, "no such file") from None
    except PermissionError:
        raise ReadError(path, "permission denied") from None
    except IsADirectoryError:
        raise ReadError(path, "is a folder, not a report file") from None
    if not data.strip():
        raise ReadError(path, "empty file")
    reader = _reader_for(path, data[:8])
    try:
        result = reader.extract(data)
    except ReadError:
        raise
    except ValueError as exc:  # readers raise ValueError with a user-facing reason
        raise ReadError(path, str(exc)) from exc
    if not result.strip():
        raise ReadError(path, "no text could be extracted")
    return result
