"""``gixnlp import-annotations``: doccano / Label Studio / CSV exports -> a checked gold file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..annotations import AnnotationError, import_annotations, write_jsonl
from ..errors import GixnlpError
from ..taxonomy import load_taxonomy
from .common import command_parser, report_error

EPILOG = """examples:
  gixnlp import-annotations project-1-at-2026-11-30.json --out corpora/gold/batch-e.jsonl
        a Label Studio export (JSON or JSON-MIN): submitted annotations become gold
  gixnlp import-annotations admin.jsonl --out corpora/gold/batch-e.jsonl --taxonomy my-taxonomy.json
        a doccano export, checked against your own taxonomy (e.g. with a theme you added)
  gixnlp import-annotations sheet-anna.csv sheet-ben.csv --out corpora/gold/batch-e.jsonl
        spreadsheets; where both labelled a unit they must agree
  gixnlp import-annotations tasks.json --out gold.jsonl --prelabels-out auto.jsonl
        also keep the model's proposals for units nobody labelled, marked "source": "auto"

Every label is checked against the taxonomy; on any problem nothing is written and each problem
is printed as FILE:LINE: what is wrong.
"""


def run(args: argparse.Namespace) -> int:
    targets = [p for p in (args.out, args.prelabels_out) if p]
    try:
        existing = [p for p in targets if Path(p).exists()]
        if existing and not args.force:
            raise GixnlpError(f"{existing[0]}: exists; gold is a person's work, so it is not overwritten "
                              f"(choose another name, or --force)")
        result = import_annotations(args.files, load_taxonomy(args.taxonomy), keep_prelabels=bool(args.prelabels_out))
        if not result.gold:
            raise GixnlpError(f"no unit in {', '.join(args.files)} was labelled by a person "
                              f"({result.unlabelled} without labels); nothing written")
        write_jsonl(result.gold, args.out)
        if args.prelabels_out:
            write_jsonl(result.auto, args.prelabels_out)
    except AnnotationError as exc:
        for problem in exc.problems:
            report_error(GixnlpError(problem), debug=False)
        if not args.taxonomy and any(": unknown " in p for p in exc.problems):
            print("gixnlp: hint: labels were checked against the bundled taxonomy; if you annotated with your own, "
                  "pass it with --taxonomy FILE", file=sys.stderr)
        print(f"gixnlp: nothing written ({len(exc.problems)} problem(s))", file=sys.stderr)
        return 1
    except (GixnlpError, OSError) as exc:
        report_error(exc, args.debug)
        return 1
    reports = len({line["report"] for line in result.gold})
    auto = f"; {len(result.auto)} proposals to {args.prelabels_out}" if args.prelabels_out else ""
    print(f"gixnlp: {len(result.gold)} gold units from {reports} report(s) to {args.out}; "
          f"{result.unlabelled} units not labelled yet were left out{auto}", file=sys.stderr)
    return 0


def add_parser(commands) -> None:
    parser = command_parser(
        commands, "import-annotations", help="read doccano / Label Studio / CSV exports into a gold file",
        description="Read what annotators exported for tasks written by 'gixnlp annotate' (doccano JSONL, Label "
                    "Studio JSON or JSON-MIN, the gixnlp CSV; told apart by content) and write the units a person "
                    "labelled as gold lines (TAXONOMY §5), every label checked against the taxonomy.",
        epilog=EPILOG)
    parser.add_argument("files", nargs="+", metavar="FILE", help="export file(s)")
    parser.add_argument("--out", required=True, metavar="FILE", help="gold file to write, e.g. corpora/gold/NAME.jsonl")
    parser.add_argument("--taxonomy", metavar="FILE", help="taxonomy to check labels against (default: bundled)")
    parser.add_argument("--prelabels-out", metavar="FILE",
                        help="write the model's proposals for units nobody labelled here, marked \"source\": \"auto\" "
                             "(not gold: TAXONOMY §5)")
    parser.add_argument("--force", action="store_true", help="overwrite --out / --prelabels-out if they exist")
    parser.add_argument("--debug", action="store_true", help="show a traceback when something fails")
    parser.set_defaults(run=run)
