"""Plain text: UTF-8 (with or without BOM) or a detected Chinese legacy encoding."""

from __future__ import annotations

import charset_normalizer

# charset-normalizer names these; GB18030 is a superset of both, so decode with it.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "big5"}


def decode(data: bytes) -> str:
    """Decode bytes: BOM, then strict UTF-8, then a detected encoding; never a blind guess."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ValueError("binary file, or text in an encoding that could not be detected")
    encoding = best.encoding.replace("_", "").lower()
    if encoding in _GB_FAMILY and encoding != "big5":
        return data.decode("gb18030")
    return str(best)


def extract(data: bytes) -> str:
    return decode(data)
