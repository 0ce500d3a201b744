"""``gixnlp check``: findings for one or more reports, like a linter, for pre-publication scripts."""

from __future__ import annotations

import argparse
import sys

from ..errors import ModelError
from ..render import json as json_render
from ..render.text import render_findings, render_score
from ..rules import SEVERITIES, severity_rank
from .common import add_common, add_model_options, add_rule_selection, analysed, command_parser, report_error

EPILOG = """examples:
  gixnlp check report.docx                       findings and score; exit 1 if any error
  gixnlp check *.pdf --fail-on warning            exit 1 if any warning or error
  gixnlp check report.txt --select S1,D306        only structure rules and D306
  gixnlp check report.txt --ignore B402 --format json

exit status: 0 no finding at --fail-on severity or worse; 1 there is one;
2 a file could not be read or an option is wrong.
"""


def run(args: argparse.Namespace) -> int:
    failing, unreadable, results = False, False, []
    try:
        for data in analysed(args):
            if data is None:
                unreadable = True
                continue
            failing |= any(severity_rank(f["severity"]) <= severity_rank(args.fail_on) for f in data["findings"])
            if args.format == "json":
                results.append({key: data[key] for key in ("source", "title", "year", "edition", "findings", "score")})
            else:
                sys.stdout.write(_text(data))
    except ModelError as exc:
        report_error(exc, args.debug)
        return 2
    if args.format == "json":
        sys.stdout.write(json_render.dumps(results) + "\n")
    return 2 if unreadable else 1 if failing else 0


def _text(data: dict) -> str:
    head = f"{data['source']}  ({data.get('title') or '—'}, {data.get('year') or '—'})"
    return "\n".join([head, *("  " + line for line in render_findings(data["findings"])),
                      *("  " + line for line in render_score(data["score"])), ""]) + "\n"


def add_parser(commands) -> None:
    parser = command_parser(
        commands, "check", help="check reports against the rules; exit 1 when findings of a severity exist",
        description="Check report files against every rule of REPORT-FORMAT.md §3 (or those selected) and "
                    "print the findings with their evidence and the score, like a linter.",
        epilog=EPILOG)
    parser.add_argument("files", nargs="+", metavar="FILE", help="report file(s)")
    parser.add_argument("--fail-on", choices=SEVERITIES, default="error",
                        help="exit 1 when a finding of this severity or worse exists (default: %(default)s)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    add_model_options(parser)
    add_rule_selection(parser)
    add_common(parser)
    parser.set_defaults(run=run)
