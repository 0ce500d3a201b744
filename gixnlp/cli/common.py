"""What every command shares: one-line errors, the --debug switch, size limits."""

from __future__ import annotations

import argparse
import sys
import traceback

from ..ingest import DEFAULT_MAX_BYTES


def report_error(exc: BaseException, debug: bool) -> None:
    """Print ``gixnlp: error: <file>: <reason>`` on one line; the traceback only with --debug."""
    if debug:
        traceback.print_exception(exc)
    print(f"gixnlp: error: {exc}", file=sys.stderr)


def add_common(parser: argparse.ArgumentParser, max_size: bool = True) -> None:
    """Options every reading command has."""
    if max_size:
        parser.add_argument("--max-size", type=float, default=DEFAULT_MAX_BYTES / 1024 / 1024, metavar="MB",
                            help="refuse files larger than this (default: %(default)g MB)")
    parser.add_argument("--debug", action="store_true", help="show a traceback when something fails")


def max_bytes(args: argparse.Namespace) -> int:
    return int(args.max_size * 1024 * 1024)


def command_parser(commands, name: str, help: str, description: str, epilog: str) -> argparse.ArgumentParser:
    """A subcommand parser whose examples keep their line breaks."""
    return commands.add_parser(name, help=help, description=description, epilog=epilog,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
