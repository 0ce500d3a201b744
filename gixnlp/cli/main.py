"""``gixnlp`` command: each subcommand lives in its own module and calls one library function."""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from .. import __version__
from . import annotate, check, import_annotations, score, tag, train

#: subcommand modules, each with ``add_parser(commands)``, in the order ``--help`` lists them
COMMANDS = (tag, train, check, score, annotate, import_annotations)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gixnlp", description="Read Chinese government information disclosure annual reports "
                                   "(政府信息公开工作年度报告) and judge their quality.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="run 'gixnlp COMMAND --help' for a command's options and examples")
    parser.add_argument("--version", action="version", version=f"gixnlp {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.add_parser(commands)
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
