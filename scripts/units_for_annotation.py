"""Print a report's narrative units, numbered, with section and heading context, for annotators.

    python scripts/units_for_annotation.py corpora/reports/2022-pingtan-caijinju.txt
    python scripts/units_for_annotation.py --jsonl REPORT...   # skeleton gold lines (labels empty)

The skeleton lines carry report/section/heading/text exactly as gixnlp segments them;
an annotator fills role/themes/boilerplate by reading each unit in its report.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import gixnlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reports", nargs="+")
    parser.add_argument("--jsonl", action="store_true", help="emit skeleton gold lines instead of a listing")
    args = parser.parse_args()
    for path in args.reports:
        report = gixnlp.read(path)
        stem = Path(path).stem
        for i, unit in enumerate(report.units):
            if args.jsonl:
                print(json.dumps({"report": stem, "section": unit.section, "heading": unit.heading, "text": unit.text,
                                  "role": None, "themes": [], "boilerplate": None}, ensure_ascii=False))
            else:
                mark = "H" if unit.is_heading else " "
                print(f"{stem}#{i:03d} {unit.section:8s} {mark} [{unit.block or '-'}] {unit.text}")


if __name__ == "__main__":
    main()
