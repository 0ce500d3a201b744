"""How many corpus reports each rule fires on: the false-positive check for the rules.

    python scripts/findings_census.py                 # table: code, reports, findings
    python scripts/findings_census.py --examples S108 # every S108 finding with its evidence, to read

Reads ``corpora/seeds`` and ``corpora/reports`` (the evaluation-only reports are not in the
repository). Units get the human labels of ``corpora/gold`` where a gold line exists, so the
label-dependent rules (S104, S105, C201–C203, B401, B402) speak only for the gold reports; the
batch rules (O501, O502, D308) run over the whole corpus as one batch.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gixnlp.pipeline import analyse, read  # noqa: E402
from gixnlp.rules import RULES, cross_report, fingerprint  # noqa: E402


def gold_labels() -> dict[str, dict[str, dict]]:
    labels: dict[str, dict[str, dict]] = defaultdict(dict)
    for path in sorted((ROOT / "corpora" / "gold").glob("batch-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                labels[item["report"]][item["text"]] = item
    return labels


def records() -> list[dict]:
    gold = gold_labels()
    out = []
    for path in sorted((ROOT / "corpora" / "seeds").glob("*.txt")) + sorted((ROOT / "corpora" / "reports").glob("*.txt")):
        report = read(path)
        for unit in report.units:
            item = gold.get(path.stem, {}).get(unit.text)
            if item:
                unit.role, unit.themes, unit.boilerplate = item["role"], item["themes"], item["boilerplate"]
        out.append(analyse(report))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", metavar="CODE", help="print every finding of this code with its evidence")
    args = parser.parse_args()
    data = records()
    batch = cross_report([fingerprint(r) for r in data])
    for record in data:
        record["findings"] += batch.get(record["source"], [])
    reports, findings = Counter(), Counter()
    for record in data:
        codes = [f["code"] for f in record["findings"]]
        findings.update(codes)
        reports.update(set(codes))
    if args.examples:
        for record in data:
            for f in record["findings"]:
                if f["code"] == args.examples.upper():
                    print(f"{Path(record['source']).stem}\t{f['section']}\t{f['target']}\t{f['message_zh']}\n"
                          f"\t{(f['evidence'] or '')[:240]}")
        return
    print(f"{len(data)} reports ({sum(1 for r in data if any(u['role'] for u in r['units']))} with gold labels)")
    print(f"{'code':6} {'severity':8} {'reports':>7} {'findings':>8}")
    for code, rule in RULES.items():
        print(f"{code:6} {rule.severity:8} {reports[code]:7d} {findings[code]:8d}")


if __name__ == "__main__":
    main()
