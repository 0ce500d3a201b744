"""``gixnlp tag``: one or more reports, read, tagged, checked and scored, shown to a person or as JSON."""

from __future__ import annotations

import argparse
import sys

from ..errors import GixnlpError
from ..model import load
from ..tokenize import BACKENDS
from ..pipeline import analyse, read
from ..render import json as json_render
from ..render import text as text_render
from .common import add_common, add_rule_selection, command_parser, max_bytes, report_error, rule_selection

EPILOG = """examples:
  gixnlp tag report.docx                 sections, units, findings and score for a person
  gixnlp tag report.pdf --format json    the gixnlp.report/1 JSON object (see OUTPUT.md)
  gixnlp tag a.txt b.html                several files, one after the other
  gixnlp tag report.txt --ignore B402    without the per-unit boilerplate notes (codes or prefixes)
  gixnlp tag report.txt --model models/mine   label with another model (its files must match its meta.json)
"""


def run(args: argparse.Namespace) -> int:
    select, ignore = rule_selection(args)
    try:
        tagger = load(args.model, tokenizer=args.tokenizer)
    except GixnlpError as exc:
        report_error(exc, args.debug)
        return 1
    status = 0
    for path in args.files:
        try:
            report = read(path, max_bytes=max_bytes(args))
        except GixnlpError as exc:
            report_error(exc, args.debug)
            status = 1
            continue
        data = analyse(report, tagger, select=select, ignore=ignore)
        sys.stdout.write(json_render.dumps(data) + "\n" if args.format == "json" else text_render.render(data))
    return status


def add_parser(commands) -> None:
    parser = command_parser(
        commands, "tag", help="read one or more reports and show sections, units, findings and score",
        description="Read report files (.txt in UTF-8/GB18030, .docx, .pdf with a text layer, .html) and show "
                    "what gixnlp finds: sections, narrative units with their labels, table numbers, findings, score.",
        epilog=EPILOG)
    parser.add_argument("files", nargs="+", metavar="FILE", help="report file(s)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--model", metavar="DIR", help="model directory (default: the shipped model)")
    parser.add_argument("--tokenizer", choices=BACKENDS, help="word segmenter instead of the model's own "
                        "(rjieba: the jieba-rs binding, ~10x faster, agrees with jieba on >99.9%% of tokens)")
    add_rule_selection(parser)
    add_common(parser)
    parser.set_defaults(run=run)
