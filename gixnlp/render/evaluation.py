"""``gixnlp eval`` results as Markdown: the comparison table, per-label scores, the role confusion matrix."""

from __future__ import annotations

from ..model.evaluate import Evaluation
from ..taxonomy import Taxonomy

#: what the issue asks of gixnlp's model (grouped by report), and the margin over the keyword baseline
TARGETS = {"role accuracy": 0.90, "theme macro-F1": 0.80, "boilerplate F1": 0.80}
MARGIN = 0.10


def headline(scores: dict) -> dict[str, float]:
    return {"role accuracy": scores["role"]["accuracy"], "theme macro-F1": scores["themes"]["macro_f1"],
            "boilerplate F1": scores["boilerplate"]["f1"]}


def _label_table(labels: dict, taxonomy: Taxonomy) -> list[str]:
    rows = ["| label | 中文 | precision | recall | F1 | support |", "|---|---|---:|---:|---:|---:|"]
    for code, s in labels.items():
        rows.append(f"| `{code}` | {taxonomy.name(code)} | {s['precision']:.3f} | {s['recall']:.3f} | "
                    f"{s['f1']:.3f} | {s['support']} |")
    return rows


def markdown(evaluation: Evaluation, taxonomy: Taxonomy, command: str = "") -> str:
    """The full evaluation as Markdown (the file in docs/ is this output)."""
    out = [f"Cross-validation grouped by report: {evaluation.folds} folds, {evaluation.units} gold units from "
           f"{evaluation.reports} reports; taxonomy {taxonomy.version} ({taxonomy.fingerprint}). Every unit is "
           "predicted by a model trained without its report.", ""]
    if command:
        out += ["Reproduce with:", "", f"    {command}", ""]
    out += ["| system | role accuracy | role macro-F1 | theme macro-F1 | theme micro-F1 | boilerplate P | "
            "boilerplate R | boilerplate F1 |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, s in evaluation.systems.items():
        b = s["boilerplate"]
        out.append(f"| {name} | {s['role']['accuracy']:.3f} | {s['role']['macro_f1']:.3f} | "
                   f"{s['themes']['macro_f1']:.3f} | {s['themes']['micro_f1']:.3f} | {b['precision']:.3f} | "
                   f"{b['recall']:.3f} | {b['f1']:.3f} |")
    if "gixnlp" in evaluation.systems:
        ours = headline(evaluation.systems["gixnlp"])
        keyword = headline(evaluation.systems["keyword"]) if "keyword" in evaluation.systems else None
        out += ["", "## Targets (gixnlp)", "", "| measure | gixnlp | target | keyword | margin | met |",
                "|---|---:|---:|---:|---:|---|"]
        for measure, target in TARGETS.items():
            base = keyword[measure] if keyword else None
            met = ours[measure] >= target and (base is None or ours[measure] - base >= MARGIN)
            margin = f"{ours[measure] - base:+.3f}" if base is not None else "—"
            out.append(f"| {measure} | {ours[measure]:.3f} | ≥ {target:.2f} | "
                       f"{base if base is None else format(base, '.3f')} | {margin} (≥ +{MARGIN:.2f}) | "
                       f"{'yes' if met else 'NO'} |")
        s = evaluation.systems["gixnlp"]
        out += ["", "## gixnlp per role", ""] + _label_table(s["role"]["labels"], taxonomy)
        out += ["", "## gixnlp per theme", ""] + _label_table(s["themes"]["labels"], taxonomy)
        labels = s["role"]["confusion"]["labels"]
        out += ["", "## gixnlp role confusion (rows: gold, columns: predicted)", "",
                "| gold \\ predicted | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
        for label, row in zip(labels, s["role"]["confusion"]["matrix"]):
            out.append(f"| {label} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(out) + "\n"


def curve_table(curve: list[dict]) -> str:
    rows = ["| training reports | role accuracy | theme macro-F1 | boilerplate F1 |", "|---:|---:|---:|---:|"]
    rows += [f"| {c['reports']} | {c['role_accuracy']:.3f} | {c['theme_macro_f1']:.3f} | {c['boilerplate_f1']:.3f} |"
             for c in curve]
    return "\n".join(rows) + "\n"
