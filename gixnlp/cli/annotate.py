"""``gixnlp annotate``: reports -> tasks for doccano, Label Studio or a spreadsheet, most informative first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..annotate import FORMATS, format_for, model_version, order_tasks, report_tasks, write_tasks
from ..errors import GixnlpError
from ..model import load
from ..pipeline import read
from ..taxonomy import load_taxonomy
from .common import add_common, command_parser, max_bytes, report_error

EPILOG = """examples:
  gixnlp annotate corpora/reports/2022-pingtan-*.txt --out tasks.json
        Label Studio: import tasks.json, paste tasks.labelstudio.xml as the labelling interface
  gixnlp annotate new/*.docx --out tasks.jsonl
        doccano (text classification): import tasks.jsonl, import tasks.doccano-labels.json as labels
  gixnlp annotate new/*.pdf --csv tasks.csv --limit 200
        a spreadsheet of the 200 units the model is least sure about
  gixnlp annotate new/*.txt --out tasks.json --taxonomy my-taxonomy.json --no-model
        a new label set, no pre-labels, units in document order

Units are sorted most informative first (the model's uncertainty, see docs/annotation-formats.md).
Pre-labels are suggestions, never put where a person's labels go; bring the export back with
'gixnlp import-annotations'.
"""


def _tagger(args: argparse.Namespace):
    """The model that proposes labels, or None with --no-model."""
    if args.no_model:
        return None
    return load(args.model)


def run(args: argparse.Namespace) -> int:
    if not args.out and not args.csv:
        report_error(GixnlpError("give --out FILE (doccano/Label Studio) or --csv FILE (spreadsheet), or both"),
                     args.debug)
        return 2
    try:
        tagger = _tagger(args)
        taxonomy = load_taxonomy(args.taxonomy) if args.taxonomy or tagger is None else tagger.taxonomy
        stems: dict[str, str] = {}
        tasks = []
        for path in args.files:
            stem = Path(path).stem
            if stem in stems:
                raise GixnlpError(f"{path}: same name as {stems[stem]}; gold lines name reports by file stem, "
                                  f"so rename one")
            stems[stem] = path
            tasks += report_tasks(read(path, max_bytes=max_bytes(args)), stem, taxonomy, tagger)
        tasks = order_tasks(tasks, args.limit)
        written = []
        if args.out:
            written += write_tasks(tasks, args.out, args.format or format_for(args.out), taxonomy,
                                   model_version(tagger) if tagger is not None else "none")
        if args.csv:
            written += write_tasks(tasks, args.csv, "csv", taxonomy)
    except (GixnlpError, OSError) as exc:
        report_error(exc, args.debug)
        return 1
    labelled = "pre-labelled, most informative first" if tagger is not None else "no pre-labels, document order"
    print(f"gixnlp: {len(tasks)} units from {len(stems)} report(s), {labelled}; wrote "
          f"{', '.join(map(str, written))}", file=sys.stderr)
    return 0


def add_parser(commands) -> None:
    parser = command_parser(
        commands, "annotate", help="turn reports into annotation tasks (doccano, Label Studio, CSV)",
        description="Segment reports into units, pre-label them with a model, order them so the most informative "
                    "come first, and write tasks that doccano or Label Studio import, or a CSV for a spreadsheet. "
                    "The tool's label set is written next to the tasks, generated from the taxonomy.",
        epilog=EPILOG)
    parser.add_argument("files", nargs="+", metavar="REPORT", help="report file(s): .txt .docx .pdf .html")
    parser.add_argument("--out", metavar="FILE",
                        help="tasks for an annotation tool: FILE.json for Label Studio, FILE.jsonl for doccano")
    parser.add_argument("--format", choices=[f for f in FORMATS if f != "csv"],
                        help="tool of --out when its suffix does not say (.json Label Studio, else doccano)")
    parser.add_argument("--csv", metavar="FILE", help="also (or only) write a spreadsheet (UTF-8 with BOM for Excel)")
    parser.add_argument("--model", metavar="DIR", help="model that proposes labels (default: the bundled model)")
    parser.add_argument("--no-model", action="store_true", help="no pre-labels; tasks stay in document order")
    parser.add_argument("--taxonomy", metavar="FILE",
                        help="label set to annotate with (default: the model's, or the bundled taxonomy)")
    parser.add_argument("--limit", type=int, metavar="N", help="only the N most informative units")
    add_common(parser)
    parser.set_defaults(run=run)
