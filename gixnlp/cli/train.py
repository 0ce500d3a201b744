"""``gixnlp train`` and ``gixnlp eval``: gold files in, a model directory or an evaluation table out."""

from __future__ import annotations

import argparse
import math
import os
import shlex
import sys
from pathlib import Path

from ..model.evaluate import SYSTEMS, cross_validate, learning_curve
from ..model.gold import read_gold
from ..model.train import base_gold, report_texts, train
from ..render.evaluation import curve_table, markdown
from ..taxonomy import load_taxonomy
from ..tokenize import BACKENDS, DEFAULT_BACKEND, Tokenizer
from .common import command_parser

TRAIN_EPILOG = """examples:
  gixnlp train --gold corpora/gold/*.jsonl --reference corpora/reports corpora/seeds --out models/mine
  gixnlp train --gold my-gold.jsonl --base models/default --out models/extended   add gold to the shipped model's
  gixnlp train --gold corpora/gold/*.jsonl --taxonomy my-taxonomy.json --out models/new-theme
  gixnlp train --gold corpora/gold/*.jsonl --curve --out models/mine   also print a learning curve

The model directory holds model.joblib, reference.npz, taxonomy.json, gold.jsonl and meta.json (library
versions, taxonomy, corpus hash, cross-validated metrics, sha256 of every file). gixnlp loads a model
only when its files match those checksums, because loading a joblib file runs code stored in it.
"""

EVAL_EPILOG = """examples:
  gixnlp eval --gold corpora/gold/*.jsonl --reference corpora/reports corpora/seeds
  gixnlp eval --gold corpora/gold/*.jsonl --systems keyword,gixnlp --folds 3
  gixnlp eval --gold corpora/gold/*.jsonl --reference corpora/reports corpora/seeds --markdown docs/evaluation.md

Folds are grouped by report: no unit is predicted by a model that saw its report.
"""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", nargs="+", required=True, metavar="FILE", help="gold JSONL file(s) (TAXONOMY §5)")
    parser.add_argument("--taxonomy", metavar="FILE", help="taxonomy JSON (default: the bundled one)")
    parser.add_argument("--reference", nargs="+", default=(), metavar="PATH",
                        help="report files or folders for the corpus commonness model (document frequency of "
                             "wording across reports); gold report names are matched to file names")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds, grouped by report (default: 5)")
    parser.add_argument("--tokenizer", choices=BACKENDS, default=DEFAULT_BACKEND,
                        help="word segmenter: rjieba (jieba-rs, fast) or jieba (the Python reference); "
                             "default: %(default)s")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel folds (default: all cores)")
    parser.add_argument("--debug", action="store_true", help="show a traceback when something fails")


def run_train(args: argparse.Namespace) -> int:
    taxonomy = load_taxonomy(args.taxonomy)
    units = read_gold(args.gold, taxonomy)
    if args.base:
        units = base_gold(args.base, taxonomy) + units
    reports = report_texts(args.reference)
    tokenizer = Tokenizer(args.tokenizer)
    meta = train(units, taxonomy, args.out, reports, tokenizer, args.folds, args.jobs, args.gold)
    print(f"wrote {args.out}: {meta['gold']['units']} units from {meta['gold']['reports']} reports, "
          f"taxonomy {taxonomy.version}")
    if meta["metrics"]:
        m = meta["metrics"]
        print(f"cross-validated ({m['folds']} folds by report): role accuracy {m['role']['accuracy']:.3f}, "
              f"theme macro-F1 {m['themes']['macro_f1']:.3f}, boilerplate F1 {m['boilerplate']['f1']:.3f}")
    if args.curve:
        folds = args.folds or 5
        n = meta["gold"]["reports"] - math.ceil(meta["gold"]["reports"] / folds)  # training reports in every fold
        steps = sorted({max(1, round(n * f)) for f in (0.1, 0.25, 0.5, 0.75, 1.0)})
        print("\nlearning curve (out-of-fold, F1 against number of training reports)\n")
        print(curve_table(learning_curve(units, taxonomy, steps, folds, reports, tokenizer, args.jobs)))
    return 0


def run_eval(args: argparse.Namespace) -> int:
    taxonomy = load_taxonomy(args.taxonomy)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown:
        print(f"gixnlp: error: unknown system(s) {', '.join(unknown)}; choose from {', '.join(SYSTEMS)}",
              file=sys.stderr)
        return 2
    units = read_gold(args.gold, taxonomy)
    evaluation = cross_validate(units, taxonomy, systems, args.folds, report_texts(args.reference),
                                Tokenizer(args.tokenizer), args.jobs)
    command = "gixnlp eval " + " ".join(shlex.quote(a) for a in sys.argv[2:]) if len(sys.argv) > 2 else ""
    text = markdown(evaluation, taxonomy, command)
    sys.stdout.write(text)
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text("# Evaluation\n\n" + text, encoding="utf-8")
    return 0


def add_parser(commands) -> None:
    parser = command_parser(
        commands, "train", help="train a model from gold annotation files",
        description="Train the role, theme and boilerplate classifiers on gold units and write a model directory "
                    "(deterministic: the same inputs give the same model file).", epilog=TRAIN_EPILOG)
    _common(parser)
    parser.add_argument("--out", required=True, metavar="DIR", help="model directory to write")
    parser.add_argument("--base", metavar="MODEL", help="also train on this model's gold (extend a model)")
    parser.add_argument("--curve", action="store_true", help="print a learning curve (F1 against training reports)")
    parser.set_defaults(run=run_train)

    parser = command_parser(
        commands, "eval", help="cross-validate gixnlp's model against baselines on gold files",
        description="Report-grouped cross-validation of gixnlp's model and three baselines (keyword rules from the "
                    "taxonomy, TF-IDF + logistic regression, spaCy bag-of-words textcat): per-label precision, "
                    "recall and F1, macro and micro averages, the role confusion matrix.", epilog=EVAL_EPILOG)
    _common(parser)
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated (default: %(default)s)")
    parser.add_argument("--markdown", metavar="FILE", help="also write the result to this Markdown file")
    parser.set_defaults(run=run_eval)
