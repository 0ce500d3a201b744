#!/usr/bin/env python3
"""Benchmark ``gixnlp score`` at scale against the jieba-only bound, in one run.

For each size N (default 1,000 and 10,000) it samples the corpus (``corpora/seeds`` and
``corpora/reports``, with replacement, fixed seed) into N files with unique names under a
temporary folder, then measures:

* **bound**: ``jieba.lcut`` over the same narrative unit texts the batch holds, on one core,
  dictionary already loaded: the least work any tagger that segments with jieba must do;
* ``gixnlp score --jobs 1`` and ``--jobs 2``, each a fresh subprocess into a fresh output folder,
  timed from start to exit (start-up, workers, model load, writing every output included), once
  per word segmenter the model can run with (``--tokenizer jieba`` and ``rjieba``, the default);
* peak memory of the command's whole process tree: the sum of RSS over the process and its
  workers, polled every 50 ms (an upper bound: pages they share, such as the libraries' code,
  count once per process), and the sum of PSS (shared pages split between the processes sharing
  them), polled every 0.5 s because reading it costs a few milliseconds per process;

and prints reports/s and the ratios: ``--jobs 2`` against the bound (target ≥ 50%), ``--jobs 2``
against ``--jobs 1`` (target ≥ 1.7×), peak RSS (target < 500 MB at 10,000). With ``--profile``
it also splits one report's time into stages (read, structure, tag, rules+score, fingerprint, json).

Examples::

    python scripts/bench_batch.py                      # N = 1,000 and 10,000 (about 10 minutes on 2 cores)
    python scripts/bench_batch.py --quick --profile    # N = 300, and where a report's time goes
    python scripts/bench_batch.py --sizes 2000 --keep /tmp/bench   # keep the batch and outputs
    python scripts/bench_batch.py --sizes 10000 --tokenizers rjieba --repeat 2   # fastest of two runs each

The machine should be otherwise idle: the load average is printed before each measurement.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402  (installed with dask[distributed], which the bench needs anyway)

SEED = 20261121


def corpus() -> list[Path]:
    return sorted((ROOT / "corpora" / "seeds").glob("*.txt")) + sorted((ROOT / "corpora" / "reports").glob("*.txt"))


def build_batch(folder: Path, n: int, files: list[Path]) -> list[Path]:
    """``n`` files sampled with replacement, each under a unique name."""
    rng = random.Random(SEED + n)
    folder.mkdir(parents=True)
    chosen = rng.choices(files, k=n)
    for i, src in enumerate(chosen):
        shutil.copyfile(src, folder / f"{i:05d}-{src.name}")
    return chosen


def narrative_texts(files: list[Path]) -> dict[Path, list[str]]:
    """Each corpus report's narrative unit texts, as gixnlp splits them."""
    import gixnlp

    return {path: [unit.text for unit in gixnlp.read(path).units] for path in files}


def bound(chosen: list[Path], texts: dict[Path, list[str]], tokenizer: str = "jieba") -> tuple[float, int]:
    """Seconds to segment the batch's narrative text on one core, and its length in characters."""
    if tokenizer == "jieba":
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        cut = jieba.lcut
    else:
        import rjieba

        cut = rjieba.cut
    chars = sum(len(t) for path in chosen for t in texts[path])
    started = time.perf_counter()
    for path in chosen:
        for text in texts[path]:
            cut(text)
    return time.perf_counter() - started, chars


def run_score(batch: Path, out: Path, jobs: int, extra: list[str]) -> dict:
    """``gixnlp score`` as a subprocess: wall time, peak tree RSS and PSS, CPU seconds, its time per phase."""
    command = [sys.executable, "-m", "gixnlp", "score", str(batch), "--out", str(out), "--jobs", str(jobs), *extra]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    root = psutil.Process(proc.pid)
    peak, peak_pss, cpu = 0, 0, {}
    tree: list = []
    polls = 0
    while proc.poll() is None:
        # RSS is cheap to read and polled every 50 ms; the process tree and PSS (smaps_rollup walks
        # every page table, ~4 ms a process) only every 10th poll, so that polling does not take
        # a noticeable share of the cores being measured
        slow = polls % 10 == 0
        polls += 1
        if slow:
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
        rss = pss = 0
        for p in tree:
            try:
                with p.oneshot():
                    rss += p.memory_info().rss
                    times = p.cpu_times()
                    cpu[p.pid] = times.user + times.system
                if slow:
                    pss += proportional_set_size(p.pid)
            except (psutil.NoSuchProcess, OSError):
                pass
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        time.sleep(0.05)
    wall = time.perf_counter() - started
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"gixnlp score --jobs {jobs} failed ({proc.returncode}):\n{stderr}")
    lines = sum(1 for _ in open(out / "reports.jsonl", encoding="utf-8"))
    return {"wall": wall, "peak_mb": peak / 2 ** 20, "peak_pss_mb": peak_pss / 2 ** 20, "cpu": sum(cpu.values()), "lines": lines,
            "phases": next((line.strip() for line in stdout.splitlines() if line.strip().startswith("time:")), "")}


def proportional_set_size(pid: int) -> int:
    """Bytes of memory the process uses, pages shared with others counted in proportion (Linux)."""
    with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
        for line in handle:
            if line.startswith(b"Pss:"):
                return int(line.split()[1]) * 1024
    return 0


def load() -> str:
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def state() -> str:
    """What the run measured: the commit, the model and the rules in play."""
    commit = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], capture_output=True,
                            text=True).stdout.strip()[:90]
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    import gixnlp
    from gixnlp.rules import RULES

    tagger = gixnlp.load()
    return (f"commit {commit}{' (+ uncommitted changes in the tree)' if dirty else ''}\n"
            f"model: {tagger.path} (tokenizer {tagger.meta.get('tokenizer')}); rules: {len(RULES)}; "
            f"cpus: {os.cpu_count()}; python {sys.version.split()[0]}")


def profile(files: list[Path], tokenizer: str, repeat: int = 3) -> None:
    """Per-report time by stage, over the corpus, in one process (the first pass only warms up)."""
    import gixnlp
    from gixnlp.batch import _dumps, _finding_rows, _score_row, _Settings, score_file
    from gixnlp.render.html import IndexPage
    from gixnlp.ingest import DEFAULT_MAX_BYTES, read_text
    from gixnlp.pipeline import parse_text
    from gixnlp.render.json import report_dict
    from gixnlp.rules import as_dicts, evaluate, fingerprint
    from gixnlp.score import score

    tagger = gixnlp.load(tokenizer=tokenizer)
    stages = dict.fromkeys(("read file", "normalise+structure+units", "tag", "rules+score", "fingerprint",
                            "rows for csv/html (final pass)", "json"), 0.0)
    for rep in range(repeat + 1):
        for path in files:
            t = [time.perf_counter()]
            raw = read_text(path, DEFAULT_MAX_BYTES)
            t.append(time.perf_counter())
            report = parse_text(raw, str(path))
            t.append(time.perf_counter())
            tagger(report)
            t.append(time.perf_counter())
            findings, measured = evaluate(report, None, None, tagger.reference)
            found = as_dicts(findings)
            record = report_dict(report, found, score(found, measured))
            record["metrics"] = measured
            t.append(time.perf_counter())
            fingerprint(record)
            t.append(time.perf_counter())
            _score_row(record), list(_finding_rows(record)), IndexPage().add(record)
            t.append(time.perf_counter())
            _dumps(record)
            t.append(time.perf_counter())
            if rep:
                for name, start, end in zip(stages, t, t[1:]):
                    stages[name] += end - start
    n = repeat * len(files)
    total = sum(stages.values())
    print(f"\nprofile ({tokenizer}): {n} reports (corpus, {repeat} passes), {1000 * total / n:.2f} ms per report "
          f"in one process")
    for name, seconds in stages.items():
        print(f"  {name:30s} {1000 * seconds / n:7.2f} ms  {100 * seconds / total:5.1f}%")
    settings = _Settings(tokenizer=tokenizer)
    started = time.perf_counter()
    for path in files:
        score_file(str(path), settings)
    print(f"  {'(score_file, end to end)':30s} {1000 * (time.perf_counter() - started) / len(files):7.2f} ms")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="batch sizes, comma-separated (default: %(default)s)")
    parser.add_argument("--quick", action="store_true", help="one small batch (N = 300) to check the bench itself")
    parser.add_argument("--profile", action="store_true", help="also split a report's time into stages")
    parser.add_argument("--tokenizers", default="jieba,rjieba",
                        help="word segmenters to run gixnlp score with (default: %(default)s)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build batches and outputs here and keep them")
    parser.add_argument("--repeat", type=int, default=1, metavar="K",
                        help="measure the bound and each gixnlp run K times (jobs 1 and 2 alternated) and compare "
                             "the fastest of each: on a shared machine a run's speed varies by 10-40%% (default: 1)")
    args = parser.parse_args(argv)
    sizes = [300] if args.quick else [int(s) for s in args.sizes.split(",")]

    print(state())
    files = corpus()
    texts = narrative_texts(files)
    from gixnlp.tokenize import BACKENDS

    tokenizers = [t for t in args.tokenizers.split(",") if t in BACKENDS]
    work = args.keep or Path(tempfile.mkdtemp(prefix="gixnlp-bench-"))
    try:
        for n in sizes:
            batch = work / f"batch-{n}"
            shutil.rmtree(batch, ignore_errors=True)
            chosen = build_batch(batch, n, files)
            print(f"\nN = {n:,} reports ({sum(p.stat().st_size for p in chosen) / 2 ** 20:.1f} MB, "
                  f"{len(set(chosen))} distinct texts)   [{load()}]")
            bounds = {}
            for name in ["jieba", *(t for t in tokenizers if t != "jieba")]:
                for _ in range(args.repeat):
                    seconds, chars = bound(chosen, texts, name)
                    bounds[name] = max(bounds.get(name, 0.0), n / seconds)
                    print(f"  {name + '-only bound':24s} {seconds:7.1f} s  {n / seconds:8.1f} reports/s  "
                          f"({chars / seconds / 1e6:.2f} M chars/s, {chars / n:.0f} narrative chars per report)")
            for tokenizer in tokenizers:
                runs: dict[int, list[dict]] = {1: [], 2: []}
                for jobs in [1, 2] * args.repeat:  # alternated, so that a slow spell does not hit one side only
                    out = work / f"out-{n}-{tokenizer}-j{jobs}"
                    shutil.rmtree(out, ignore_errors=True)
                    print(f"  [{load()}]")
                    run = run_score(batch, out, jobs, ["--tokenizer", tokenizer])
                    runs[jobs].append(run)
                    assert run["lines"] == n, f"reports.jsonl has {run['lines']} lines for {n} inputs"
                    print(f"  gixnlp score --jobs {jobs} --tokenizer {tokenizer:7s} {run['wall']:7.1f} s "
                          f"{n / run['wall']:8.1f} reports/s  peak RSS {run['peak_mb']:4.0f} MB "
                          f"(PSS {run['peak_pss_mb']:4.0f} MB)  "
                          f"CPU {run['cpu']:6.1f} s ({1000 * run['cpu'] / n:.1f} ms/report)\n"
                          f"      {run['phases']}")
                    if not args.keep:
                        shutil.rmtree(out)
                rate2, rate1 = (n / min(r["wall"] for r in runs[jobs]) for jobs in (2, 1))
                print(f"  {tokenizer}: --jobs 2 / jieba-only bound {rate2 / bounds['jieba']:6.0%}  (target >= 50%);"
                      f"  speed-up 1 -> 2 jobs {rate2 / rate1:5.2f}x  (target >= 1.7x);"
                      f"  peak RSS {max(r['peak_mb'] for rs in runs.values() for r in rs):4.0f} MB  "
                      f"(target < 500 MB at 10,000)" + (f"   [fastest of {args.repeat} runs each]" if args.repeat > 1 else ""))
            if not args.keep:
                shutil.rmtree(batch)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.profile:
        for tokenizer in tokenizers:
            profile(files, tokenizer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
