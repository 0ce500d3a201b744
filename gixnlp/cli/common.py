"""What every command shares: one-line errors, the --debug switch, size limits, rule selection."""

from __future__ import annotations

import argparse
import sys
import traceback
from typing import Iterator, Optional

from ..errors import GixnlpError
from ..ingest import DEFAULT_MAX_BYTES
from ..model import load
from ..pipeline import analyse, read
from ..tokenize import BACKENDS
from ..rules import SelectionError, parse_selectors


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


def _selectors(text: str) -> tuple[str, ...]:
    try:
        return parse_selectors(text) or ()
    except SelectionError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_rule_selection(parser: argparse.ArgumentParser) -> None:
    """--select / --ignore, as in a linter: rule codes or prefixes, comma-separated or repeated."""
    parser.add_argument("--select", action="append", type=_selectors, metavar="CODES",
                        help="check only these rules: codes or prefixes, e.g. S101,D3 (default: all)")
    parser.add_argument("--ignore", action="append", type=_selectors, metavar="CODES",
                        help="skip these rules: codes or prefixes, e.g. B402 or O")


def rule_selection(args: argparse.Namespace) -> tuple[Optional[tuple[str, ...]], tuple[str, ...]]:
    """(select, ignore) from the options: select None means every rule."""
    select = tuple(code for group in args.select for code in group) if args.select else None
    return select, tuple(code for group in args.ignore or () for code in group)


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """--model and --tokenizer, for every command that labels units."""
    parser.add_argument("--model", metavar="DIR", help="model directory (default: the shipped model); its files "
                        "must match the sha256 in its meta.json")
    parser.add_argument("--tokenizer", choices=BACKENDS, help="word segmenter instead of the model's own "
                        "(the shipped model's is rjieba, the jieba-rs binding; jieba, the Python reference, "
                        "is ~10x slower and agrees on >99.9%% of tokens)")


def analysed(args: argparse.Namespace) -> Iterator[Optional[dict]]:
    """Each file's analysis in order, or None for a file that could not be read (its error printed).

    The model loads at the first readable file, so bad input fails fast; a model that cannot load
    raises :class:`ModelError` to the caller."""
    select, ignore = rule_selection(args)
    for path in args.files:
        try:
            report = read(path, max_bytes=max_bytes(args))
        except GixnlpError as exc:
            report_error(exc, args.debug)
            yield None
            continue
        yield analyse(report, load(args.model, tokenizer=args.tokenizer), select=select, ignore=ignore)
