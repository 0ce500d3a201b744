"""PDF: the text layer, page by page. A scanned PDF without one is an error, not empty text."""

from __future__ import annotations

import io
import logging

import pdfplumber

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def extract(data: bytes) -> str:
    try:
        with pdfplumber.open(io.BytesIO(data)) as document:
            pages = [page.extract_text() or "" for page in document.pages]
    except Exception as exc:  # pdfminer raises many unrelated types on corrupt input
        detail = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0][:120]
        raise ValueError(f"not a readable PDF (corrupt or truncated): {detail}") from exc
    text = "\n".join(pages)
    if sum(1 for ch in text if not ch.isspace()) < 20:
        raise ValueError("PDF has no text layer (scanned image?); run OCR on it first")
    return text
