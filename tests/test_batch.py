"""``gixnlp score`` / ``score_many``: inputs, outputs, exactly-once, resume after kill -9, escaping, Dask."""

from __future__ import annotations

import csv
import html
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gixnlp
from gixnlp import batch
from gixnlp.cli.main import main

from .conftest import CORPORA, ROOT

REPORTS = sorted((CORPORA / "reports").glob("*.txt"))
SEEDS = sorted((CORPORA / "seeds").glob("*.txt"))


def copy_reports(folder: Path, n: int, start: int = 0) -> list[Path]:
    """``n`` corpus reports copied under unique names (cycling through the corpus)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        src = REPORTS[i % len(REPORTS)]
        paths.append(Path(shutil.copyfile(src, folder / f"{i:04d}-{src.name}")))
    return paths


def write_docx(path: Path, text: str) -> Path:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(path)
    return path


def write_html(path: Path, text: str) -> Path:
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines())
    path.write_text(f"<html><head><meta charset='utf-8'><title>报告</title></head><body>{body}</body></html>",
                    encoding="utf-8")
    return path


def corrupt_files(folder: Path) -> list[Path]:
    """Three kinds of broken file: a docx that is not a zip, a PDF without body, an empty text file."""
    folder.mkdir(parents=True, exist_ok=True)
    broken = [folder / "损坏的报告.docx", folder / "broken.pdf", folder / "empty.txt"]
    broken[0].write_bytes(b"PK\x03\x04 this is not really a zip archive" * 3)
    broken[1].write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF")
    broken[2].write_bytes(b"")
    return broken


def records(out: Path) -> list[dict]:
    lines = (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def csv_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------- inputs

def test_discover_folders_lists_and_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in" / "b").mkdir(parents=True)
    (tmp_path / "in" / ".hidden").mkdir()
    for name in ("in/b/2.docx", "in/b/1.TXT", "in/a.txt", "in/a0.pdf", "in/c.htm", "in/notes.md", "in/~$lock.docx",
                 "in/.DS_Store.txt", "in/.hidden/x.txt", "single.html", "out/index.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "list.txt").write_text("# reports of 2021\nsingle.html\n\nin/a.txt\nmissing.pdf\n", encoding="utf-8")

    found = batch.discover(["in", "@list.txt", "in/b/1.TXT", "."], exclude="out")
    expected = ["in/a.txt", "in/a0.pdf", "in/b/1.TXT", "in/b/2.docx", "in/c.htm", "single.html", "missing.pdf",
                "./list.txt"]
    assert [os.path.normpath(p) for p in found] == [os.path.normpath(p) for p in expected]
    assert batch.discover(["in"]) == batch.discover(["in"])  # deterministic
    with pytest.raises(gixnlp.GixnlpError, match="nolist.txt"):
        batch.discover(["@nolist.txt"])


# ---------------------------------------------------------------- outputs, exactly once

@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], batch.BatchSummary]:
    """60 inputs in mixed formats, 3 of them (5%) corrupt, scored with two worker processes."""
    root = tmp_path_factory.mktemp("batch")
    inputs = root / "in"
    copy_reports(inputs / "txt", 49)
    seed = SEEDS[0].read_text(encoding="utf-8")
    (inputs / "mixed").mkdir()
    write_docx(inputs / "mixed" / "seed.docx", seed)
    write_html(inputs / "mixed" / "seed.html", seed)
    shutil.copy(CORPORA / "originals" / "2023-hongze-qu_hzq2023_working.pdf", inputs / "mixed")
    shutil.copy(CORPORA / "originals" / "zhengwu-gongkai-nianbao-moban_template.docx", inputs / "mixed")
    broken = corrupt_files(inputs / "broken")
    list_file = root / "more.txt"
    list_file.write_text("\n".join(str(p) for p in SEEDS[1:5]), encoding="utf-8")
    paths = batch.discover([inputs, f"@{list_file}"])
    assert len(paths) == 60 and len(broken) / len(paths) == 0.05
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "MIN_PER_WORKER", 1)  # a worker process even for so few reports
        patch.setattr(batch, "MAX_HELD", 2)
        summary = gixnlp.score_many([inputs, f"@{list_file}"], root / "out", jobs=2, progress=False)
    return root / "out", paths, summary


def test_every_input_exactly_once_with_corrupt_files(scored) -> None:
    out, paths, summary = scored
    recs = records(out)
    assert [r["source"] for r in recs] == paths  # once each, in input order
    assert (summary.processed, summary.ok, summary.errors, summary.skipped) == (60, 57, 3, 0)
    errors = {Path(r["source"]).name: r["error"] for r in recs if r["status"] == "error"}
    assert set(errors) == {"损坏的报告.docx", "broken.pdf", "empty.txt"}
    assert errors["empty.txt"] == "empty file" and all(errors.values())
    ok = [r for r in recs if r["status"] == "ok"]
    assert {Path(r["source"]).suffix for r in ok} == {".txt", ".docx", ".html", ".pdf"}
    assert all(r["schema"] == "gixnlp.report/1" and r["sections"] for r in ok)


def test_csv_files_open_in_excel(scored) -> None:
    out, paths, _ = scored
    for name in ("scores.csv", "findings.csv"):
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    scores = csv_rows(out / "scores.csv")
    assert list(scores[0]) == list(batch.SCORE_COLUMNS)
    assert [r["source"] for r in scores] == paths
    assert any("政府信息公开" in (r["title"] or "") for r in scores)
    assert sum(r["status"] == "error" for r in scores) == 3
    findings = csv_rows(out / "findings.csv")
    by_source = {r["source"]: len(r.get("findings") or []) for r in records(out)}
    assert len(findings) == sum(by_source.values())
    assert {r["source"] for r in findings} <= set(paths)


def test_cross_report_findings_recomputed_not_duplicated(tmp_path: Path) -> None:
    # two agencies' reports whose narrative is near-identical: O502 on both
    folder = tmp_path / "in"
    folder.mkdir()
    pair = [CORPORA / "reports" / "2009-pingtan-xian-caizhengju.txt", CORPORA / "reports" / "2009-pingtan-xian-gonganju.txt"]
    for path in pair:
        shutil.copy(path, folder)
    out = tmp_path / "out"
    gixnlp.score_many([folder], out, jobs=1, progress=False)
    first = (out / "reports.jsonl").read_bytes()
    o502 = [f for r in records(out) for f in r["findings"] if f["code"] == "O502"]
    assert o502 and {f["target"] for f in o502} == {str(folder / p.name) for p in pair}

    again = gixnlp.score_many([folder], out, jobs=1, progress=False)
    assert again.processed == 0 and again.skipped == 2
    assert (out / "reports.jsonl").read_bytes() == first

    cache = out / ".fingerprints.jsonl"  # kept for resuming: a cache, rebuilt when lost or cut
    assert len(cache.read_text(encoding="utf-8").splitlines()) == 2
    cache.write_bytes(cache.read_bytes()[:100])
    gixnlp.score_many([folder], out, jobs=1, progress=False)
    assert (out / "reports.jsonl").read_bytes() == first and len(cache.read_bytes().splitlines()) == 2

    gixnlp.score_many([folder], out, jobs=1, progress=False, ignore="O5,B4")
    assert not [f for r in records(out) for f in r["findings"] if f["code"].startswith("O5")]
    before = [json.loads(line) for line in first.decode("utf-8").splitlines()]
    kept = lambda recs: [[f for f in r["findings"] if not f["code"].startswith("O5")] for r in recs]  # noqa: E731
    assert kept(records(out)) == kept(before)  # reports already scored keep their own findings (B4xx too)


@pytest.mark.parametrize("jobs", [1, 2])
def test_rows_prepared_by_workers_equal_rows_computed_in_the_final_pass(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """A first run copies the rows its workers prepared; a rerun (nothing to score) computes every
    row from reports.jsonl. Both must give the same files, cross-report findings and errors included,
    whether the rows are computed here or in a worker process."""
    monkeypatch.setattr(batch, "MIN_PER_WORKER", 1)  # with jobs=2, a worker even for so few reports
    monkeypatch.setattr(batch, "MIN_REFRESHES_PER_WORKER", 1)
    folder = tmp_path / "in"
    copy_reports(folder, 6)
    shutil.copy(folder / sorted(os.listdir(folder))[0], folder / "copy.txt")  # a near-copy: O502 on two reports
    corrupt_files(folder)
    out = tmp_path / "out"
    first = gixnlp.score_many([folder], out, jobs=jobs, progress=False)
    assert first.processed == 10 and not (out / ".prepared.tmp").exists()
    assert [f for r in records(out) for f in r.get("findings", []) if f["code"] == "O502"]
    files = ("reports.jsonl", "scores.csv", "findings.csv", "index.html")
    made = {name: (out / name).read_bytes() for name in files}
    again = gixnlp.score_many([folder], out, jobs=jobs, progress=False)
    assert again.processed == 0
    assert {name: (out / name).read_bytes() for name in files} == made


def test_changed_options_warn_on_resume(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "in"
    copy_reports(folder, 2)
    gixnlp.score_many([folder], tmp_path / "out", jobs=1, progress=False, select="S,C")
    assert {f["code"][0] for r in records(tmp_path / "out") for f in r["findings"]} <= {"S", "C"}
    gixnlp.score_many([folder], tmp_path / "out", jobs=1, progress=False, select=["S", "C"])
    assert capsys.readouterr().err == ""
    gixnlp.score_many([folder], tmp_path / "out", jobs=1, progress=False, ignore=["B402"])
    assert "use --fresh to rescore all" in capsys.readouterr().err
    with pytest.raises(ValueError, match="unknown rule code"):
        gixnlp.score_many([folder], tmp_path / "out", select="X999")


def test_resume_after_kill_9(tmp_path: Path) -> None:
    """A real ``kill -9`` of the running command and its workers, then a rerun: every input once, no broken line."""
    inputs = tmp_path / "in"
    paths = copy_reports(inputs, 100)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "gixnlp", "score", str(inputs), "--out", str(out), "--jobs", "2", "--quiet"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(command, cwd=tmp_path, env=env, start_new_session=True)
    jsonl = out / "reports.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if jsonl.exists() and jsonl.read_bytes().count(b"\n") >= 5:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()

    done = jsonl.read_bytes()
    complete = done.count(b"\n")
    assert 5 <= complete < len(paths)
    with open(jsonl, "ab") as handle:  # the worst a kill can leave: a line cut short
        handle.write(done.splitlines(keepends=True)[0][:1000])

    summary = gixnlp.score_many([inputs], out, jobs=1, progress=False)
    assert summary.skipped == complete and summary.processed == len(paths) - complete
    text = jsonl.read_text(encoding="utf-8")
    assert text.endswith("\n")
    recs = [json.loads(line) for line in text.splitlines()]
    assert [r["source"] for r in recs] == [str(p) for p in sorted(paths)]
    assert all(r["status"] == "ok" for r in recs) and summary.ok == len(paths)
    assert len(csv_rows(out / "scores.csv")) == len(paths)
    assert not list(out.glob(".*.tmp"))


def test_a_model_that_cannot_load_stops_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    copy_reports(folder, 12)
    monkeypatch.setattr(batch, "MIN_PER_WORKER", 1)
    with pytest.raises(gixnlp.ModelError, match="no meta.json"):
        gixnlp.score_many([folder], tmp_path / "out", jobs=2, progress=False, model=tmp_path)
    assert (tmp_path / "out" / "reports.jsonl").read_text() == ""  # no report marked as failed for it


def test_errors_are_done_unless_retried(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    copy_reports(folder, 2)
    broken = corrupt_files(folder)[2]  # empty.txt
    out = tmp_path / "out"
    assert gixnlp.score_many([folder], out, jobs=1, progress=False).errors == 3
    assert gixnlp.score_many([folder], out, jobs=1, progress=False).processed == 0
    shutil.copy(SEEDS[0], broken)  # the file is fixed
    again = gixnlp.score_many([folder], out, jobs=1, progress=False, retry_errors=True)
    assert again.processed == 3 and again.errors == 2
    recs = records(out)
    assert [r["source"] for r in recs] == batch.discover([folder])
    assert {r["source"]: r["status"] for r in recs}[str(broken)] == "ok"


def test_fresh_and_more_inputs(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    copy_reports(first, 2)
    copy_reports(second, 1, start=5)
    out = tmp_path / "out"
    gixnlp.score_many([first], out, jobs=1, progress=False)
    more = gixnlp.score_many([second], out, jobs=1, progress=False)  # a second folder into the same output
    assert more.processed == 1 and more.reports == 3
    assert [r["source"] for r in records(out)] == batch.discover([second]) + batch.discover([first])
    fresh = gixnlp.score_many([second], out, jobs=1, progress=False, resume=False)
    assert fresh.processed == 1 and fresh.reports == 1


def test_spreadsheet_cells_are_not_formulas(tmp_path: Path) -> None:
    assert batch._cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert batch._cell("-") == "'-" and batch._cell("政府") == "政府" and batch._cell(3) == 3
    openpyxl = pytest.importorskip("openpyxl")
    folder = tmp_path / "in"
    copy_reports(folder, 2)
    corrupt_files(folder)
    gixnlp.score_many([folder], tmp_path / "out", jobs=1, progress=False, xlsx=True)
    book = openpyxl.load_workbook(tmp_path / "out" / "scores.xlsx", read_only=True)
    assert book.sheetnames == ["scores", "findings"]
    rows = list(book["scores"].values)
    assert rows[0][:3] == ("source", "agency", "year") and len(rows) == 6
    assert any(isinstance(r[2], (int, float)) for r in rows[1:]) and any("政府" in str(r[13]) for r in rows[1:])


# ---------------------------------------------------------------- command line

def test_cli_summary_without_progress_bar_when_not_a_tty(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "in"
    copy_reports(folder, 3)
    corrupt_files(folder)
    # the batch goes on past unreadable files, and says so in its exit status
    assert main(["score", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert "processed 6 input(s)" in captured.out and "reports/s" in captured.out
    assert "3 ok, 3 error(s)" in captured.out and "empty file" in captured.out
    assert "report/s" not in captured.err and "%|" not in captured.err  # no tqdm bar: stderr is not a terminal
    assert main(["score", str(folder), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert capsys.readouterr() == ("", "")
    clean = tmp_path / "clean"
    copy_reports(clean, 2)
    assert main(["score", str(clean), "--out", str(tmp_path / "out-clean"), "--quiet"]) == 0


def test_progress_bar_on_request(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "in"
    copy_reports(folder, 3)
    gixnlp.score_many([folder], tmp_path / "out", jobs=1, progress=True)  # what a terminal gets
    assert "3/3" in capsys.readouterr().err


def test_cli_help_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["score", "--help"])
    assert exc.value.code == 0
    help_text = capsys.readouterr().out
    assert "examples:" in help_text and "@LIST" in help_text and "--jobs" in help_text and "resume" in help_text
    (tmp_path / "empty").mkdir()
    assert main(["score", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.startswith("gixnlp: error: no report files found")


# ---------------------------------------------------------------- hostile text

HOSTILE = "<script>window.pwned = 1; alert(1)</script><img src=x onerror=\"window.pwned = 2\">"


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real report whose title and narrative carry script, scored next to an ordinary one."""
    root = tmp_path_factory.mktemp("hostile")
    text = SEEDS[0].read_text(encoding="utf-8").splitlines()
    text[0] = text[0] + HOSTILE
    at = next(i for i, line in enumerate(text) if "一、总体情况" in line) + 1
    text.insert(at, "2021年，我镇在网站发布" + HOSTILE + "公开信息共计120条。")
    (root / "in").mkdir()
    (root / "in" / "hostile.txt").write_text("\n".join(text), encoding="utf-8")
    shutil.copy(SEEDS[1], root / "in" / "plain.txt")
    gixnlp.score_many([root / "in"], root / "out", jobs=1, progress=False)
    return root / "out"


def test_script_in_a_report_is_escaped_in_the_page(hostile_batch: Path) -> None:
    recs = records(hostile_batch)
    assert any(HOSTILE in u["text"] for u in recs[0]["units"])  # the text did reach the record
    page = (hostile_batch / "index.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in page and "<img" not in page
    assert page.count("<script") == page.count("</script>") == 2 + 2 + 1  # labels, rows, 2 details, program


# ---------------------------------------------------------------- Dask

def test_dask_local_cluster(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install 'gixnlp[dask]')")
    folder = tmp_path / "in"
    paths = copy_reports(folder, 6)
    corrupt_files(folder)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        summary = gixnlp.score_many([folder], tmp_path / "out", backend="dask", scheduler=cluster.scheduler_address,
                                    progress=False)
    assert (summary.ok, summary.errors) == (6, 3)
    assert [r["source"] for r in records(tmp_path / "out")] == batch.discover([folder])
    assert len(paths) == 6
