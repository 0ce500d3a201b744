"""gixnlp: read Chinese government information disclosure annual reports and judge their quality.

Public API (small on purpose)::

    report = gixnlp.read("report.docx")      # -> Report (sections, tables, units)
"""

from .errors import GixnlpError, ModelError, ReadError
from .pipeline import parse_text, read
from .report import Report, Section, Table, Unit

__version__ = "0.1.0"

__all__ = ["read", "parse_text", "Report", "Section", "Table", "Unit", "ReadError", "ModelError", "GixnlpError",
           "__version__"]
