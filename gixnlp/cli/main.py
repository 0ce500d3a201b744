"""``gixnlp`` command: each subcommand calls one library function and prints its result."""

from __future__ import annotations

import argparse
import sys
import traceback
from typing import Optional, Sequence

from .. import __version__
from ..errors import GixnlpError
from ..ingest import DEFAULT_MAX_BYTES
from ..pipeline import read
from ..render import json as json_render
from ..render import text as text_render

EPILOG_TAG = """examples:
  gixnlp tag report.docx                 sections, units, findings and score for a person
  gixnlp tag report.pdf --format json    the gixnlp.report/1 JSON object (see OUTPUT.md)
  gixnlp tag a.txt b.html                several files, one after the other
"""


def _tag(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            report = read(path, max_bytes=int(args.max_size * 1024 * 1024))
        except GixnlpError as exc:
            if args.debug:
                traceback.print_exc()
            print(f"gixnlp: error: {exc}", file=sys.stderr)
            status = 1
            continue
        data = json_render.report_dict(report)
        sys.stdout.write(json_render.dumps(data) + "\n" if args.format == "json" else text_render.render(data))
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gixnlp", description="Read Chinese government information disclosure annual reports "
                                   "(政府信息公开工作年度报告) and judge their quality.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="run 'gixnlp COMMAND --help' for a command's options and examples")
    parser.add_argument("--version", action="version", version=f"gixnlp {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    tag = commands.add_parser(
        "tag", help="read one or more reports and show sections, units, findings and score",
        description="Read report files (.txt in UTF-8/GB18030, .docx, .pdf with a text layer, .html) and show "
                    "what gixnlp finds: sections, narrative units with their labels, table numbers, findings, score.",
        epilog=EPILOG_TAG, formatter_class=argparse.RawDescriptionHelpFormatter)
    tag.add_argument("files", nargs="+", metavar="FILE", help="report file(s)")
    tag.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    tag.add_argument("--max-size", type=float, default=DEFAULT_MAX_BYTES / 1024 / 1024, metavar="MB",
                     help="refuse files larger than this (default: %(default)g MB)")
    tag.add_argument("--debug", action="store_true", help="show a traceback when something fails")
    tag.set_defaults(run=_tag)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("gixnlp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # an unexpected failure: one line unless --debug
        if getattr(args, "debug", False):
            raise
        print(f"gixnlp: internal error: {exc.__class__.__name__}: {exc} (run with --debug for details)",
              file=sys.stderr)
        return 3
