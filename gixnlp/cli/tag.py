"""``gixnlp tag``: one or more reports, read, tagged, checked and scored, shown to a person or as JSON."""

from __future__ import annotations

import argparse
import sys

from ..errors import ModelError
from ..render import json as json_render
from ..render import text as text_render
from .common import add_common, add_model_options, add_rule_selection, analysed, command_parser, report_error

EPILOG = """examples:
  gixnlp tag report.docx                 sections, units, findings and score for a person
  gixnlp tag report.pdf --format json    the gixnlp.report/1 JSON object (see docs/spec/OUTPUT.md)
  gixnlp tag a.txt b.html                several files, one after the other
  gixnlp tag report.txt --ignore B402    without the per-unit boilerplate notes (codes or prefixes)
  gixnlp tag report.txt --model models/mine   label with another model (its files must match its meta.json)
"""


def run(args: argparse.Namespace) -> int:
    status = 0
    try:
        for data in analysed(args):
            if data is None:
                status = 1
            else:
                sys.stdout.write(json_render.dumps(data) + "\n" if args.format == "json" else text_render.render(data))
    except ModelError as exc:
        report_error(exc, args.debug)
        return 1
    return status


def add_parser(commands) -> None:
    parser = command_parser(
        commands, "tag", help="read one or more reports and show sections, units, findings and score",
        description="Read report files (.txt in UTF-8/GB18030, .docx, .pdf with a text layer, .html) and show "
                    "what gixnlp finds: sections, narrative units with their labels, table numbers, findings, score.",
        epilog=EPILOG)
    parser.add_argument("files", nargs="+", metavar="FILE", help="report file(s)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    add_model_options(parser)
    add_rule_selection(parser)
    add_common(parser)
    parser.set_defaults(run=run)
