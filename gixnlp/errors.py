"""The one error a user sees when a report cannot be read.

Every failure to turn a file into a report (I/O, encoding, corrupt container,
no text layer, no report structure) becomes a :class:`ReadError` so that the
CLI can print one line and a batch can record one error per file.
"""

from __future__ import annotations


class GixnlpError(Exception):
    """Base class of the errors gixnlp raises on purpose."""


class ReadError(GixnlpError):
    """A file could not be read as a report: says which file and why."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ModelError(GixnlpError):
    """A model directory is missing, tampered with or does not fit this taxonomy."""
