"""``gixnlp score``: a whole folder (or thousands of files) scored into one output folder."""

from __future__ import annotations

import argparse
import sys

from ..batch import SUFFIXES, BatchSummary, score_many
from ..errors import GixnlpError
from .common import (add_common, add_model_options, add_rule_selection, command_parser, max_bytes,
                     report_error, rule_selection)

EPILOG = f"""inputs:
  FILE      a report file ({' '.join(SUFFIXES)})
  FOLDER    searched recursively for those suffixes (hidden files and ~$ lock files skipped)
  @LIST     a text file naming one FILE or FOLDER per line (# comments, relative to the
            current folder, as if typed here); e.g.  find /data -name '*.pdf' > list.txt

outputs (in --out DIR):
  reports.jsonl   every input once, in input order: the report (as 'gixnlp tag --format
                  json') with "status": "ok", or {{"source", "status": "error", "error"}}
  scores.csv      one row per report: total, five sub-scores, findings per severity, status
  findings.csv    one row per finding       (both CSVs in UTF-8 with BOM: Excel-ready)
  index.html      open in a browser: charts, the most frequent findings, a sortable and
                  filterable table, each report's text marked by role, theme and 套话
  scores.xlsx     with --xlsx

resume: run the same command again after an interruption (Ctrl-C, kill, power cut):
  reports already in DIR/reports.jsonl are skipped, none is lost or written twice.
  Files that could not be read count as done; --retry-errors tries them again.
  Adding inputs and rerunning into the same DIR scores only the new ones.

exit status: 0 when every report in DIR was scored; 1 when some could not be read (the
  summary names them; each has an error record) or the batch could not run at all.

examples:
  gixnlp score reports/ --out out/                 every report under reports/
  gixnlp score a.pdf b.docx more/ --out out/       files and folders, mixed formats
  gixnlp score @list.txt --out out/ --jobs 4       the files listed in list.txt, 4 processes
  gixnlp score reports/ --out out/ --xlsx          also a spreadsheet
  gixnlp score /nfs/reports --out out/ --backend dask --scheduler tcp://10.0.0.5:8786
                                                   on a Dask cluster (workers must see the files)
"""


def run(args: argparse.Namespace) -> int:
    select, ignore = rule_selection(args)
    try:
        summary = score_many(
            args.inputs, args.out, jobs=args.jobs, backend=args.backend, scheduler=args.scheduler,
            model=args.model, tokenizer=args.tokenizer, resume=not args.fresh, retry_errors=args.retry_errors,
            progress=False if args.quiet else None, max_bytes=max_bytes(args), select=select, ignore=ignore,
            title=args.title, xlsx=args.xlsx)
    except GixnlpError as exc:
        report_error(exc, args.debug)
        return 1
    except KeyboardInterrupt:
        print(f"gixnlp: interrupted; run the same command again to resume into {args.out}", file=sys.stderr)
        raise
    if not args.quiet:
        print(describe(summary))
    return 1 if summary.errors else 0


def describe(summary: BatchSummary) -> str:
    """The closing summary: what was done, how fast, where the time went, where to look."""
    lines = [f"processed {summary.processed} input(s) in {summary.seconds:.1f} s "
             f"({summary.reports_per_second:.1f} reports/s)"
             + (f"; {summary.skipped} already done" if summary.skipped else ""),
             "  time: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in summary.phases.items()),
             f"{summary.out}/: {summary.reports} report(s): {summary.ok} ok, {summary.errors} error(s)"]
    for source, reason in summary.first_errors[:5]:
        lines.append(f"  error: {source}: {reason}")
    if summary.errors > 5:
        lines.append(f"  … every error is in {summary.out}/scores.csv (status 'error')")
    lines.append(f"open {summary.out}/index.html")
    return "\n".join(lines)


def add_parser(commands) -> None:
    parser = command_parser(
        commands, "score", help="score many reports into one folder: JSONL, CSV, a dashboard (index.html)",
        description="Read, tag, check and score every report named, in parallel, and write the results to "
                    "one folder. Cross-report checks (O501, O502, D308) run over the whole batch.",
        epilog=EPILOG)
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="report files, folders, or @LIST files")
    parser.add_argument("--out", "-o", required=True, metavar="DIR", help="output folder (created if needed)")
    parser.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                        help="processes scoring at once, this one included (default: all cores; "
                             "batches of a few hundred reports use fewer)")
    parser.add_argument("--backend", choices=("loky", "dask"), default="loky",
                        help="local processes (loky, default) or a Dask cluster (dask)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="Dask scheduler address, e.g. tcp://host:8786 (default: a local cluster)")
    add_model_options(parser)
    add_rule_selection(parser)
    parser.add_argument("--title", help="heading of index.html (default: the output folder's name)")
    parser.add_argument("--xlsx", action="store_true", help="also write scores.xlsx (needs openpyxl)")
    parser.add_argument("--retry-errors", action="store_true", help="read again the files that failed last time")
    parser.add_argument("--fresh", action="store_true", help="start over: ignore what DIR already holds")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary")
    add_common(parser)
    parser.set_defaults(run=run)
