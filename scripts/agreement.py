"""Inter-annotator agreement on the blind 15% sample: Cohen's kappa per field.

    python scripts/agreement.py [corpora/gold/agreement/relabel.jsonl]

Compares the second labelling with the gold lines it was drawn from (the ``id`` is
``batch-file:line``). Themes are multi-label: kappa is given per theme (present/absent)
and as their mean.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

GOLD = Path(__file__).resolve().parent.parent / "corpora" / "gold"
THEMES = ("proactive", "request", "management", "platform", "interpretation", "organization", "oversight",
          "staffing", "standardization", "quality")


def main() -> None:
    relabel_path = Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD / "agreement" / "relabel.jsonl"
    second = [json.loads(line) for line in relabel_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    batches = {p.name: p.read_text(encoding="utf-8").splitlines() for p in GOLD.glob("batch-*.jsonl")}
    pairs = []
    for item in second:
        name, index = item["id"].rsplit(":", 1)
        first = json.loads(batches[name][int(index)])
        assert first["text"] == item["text"], item["id"]
        pairs.append((first, item))
    print(f"units compared: {len(pairs)}")
    roles = [(a["role"], b["role"]) for a, b in pairs]
    print(f"role         kappa {cohen_kappa_score(*zip(*roles)):.3f}  agreement {sum(x == y for x, y in roles) / len(roles):.3f}")
    flags = [(a["boilerplate"], b["boilerplate"]) for a, b in pairs]
    print(f"boilerplate  kappa {cohen_kappa_score(*zip(*flags)):.3f}  agreement {sum(x == y for x, y in flags) / len(flags):.3f}")
    kappas = []
    for theme in THEMES:
        a = [theme in x["themes"] for x, _ in pairs]
        b = [theme in y["themes"] for _, y in pairs]
        kappa = cohen_kappa_score(a, b) if len(set(a + b)) > 1 else float("nan")
        kappas.append(kappa)
        print(f"  theme {theme:16s} kappa {kappa:.3f}  (first {sum(a)}, second {sum(b)})")
    valid = [k for k in kappas if k == k]
    print(f"themes       mean kappa {sum(valid) / len(valid):.3f}")


if __name__ == "__main__":
    main()
