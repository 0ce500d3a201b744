"""Many report files -> one output folder: ``score_many`` (what ``gixnlp score`` runs).

The folder (OUTPUT.md, "Batch")::

    reports.jsonl   one line per input, in input order: the report object + "status": "ok",
                    or {"source", "status": "error", "error"} for a file that could not be read
    scores.csv      one row per report (UTF-8 with BOM, so Excel shows the Chinese)
    findings.csv    one row per finding
    index.html      the self-contained page for people (gixnlp.render.html)
    scores.xlsx     with ``xlsx=True``: both tables as sheets

How a run goes:

1. **Inputs** (:func:`discover`): files as given; folders searched recursively for the
   suffixes gixnlp reads (:data:`SUFFIXES`); ``@LIST`` a text file naming one input per line
   (blank lines and ``#`` comments skipped; relative paths are taken from the current folder,
   as if typed on the command line). Order is deterministic: inputs in the order given, each
   folder's files sorted by path; a file named twice counts once. ``source`` in the outputs is
   the path as given (or as found under the folder given).
2. **Per report, in parallel**: this process and ``jobs - 1`` loky worker processes (or the
   workers of a Dask cluster) each take a few paths at a time, read the files themselves, tag,
   check and score them, and give back finished lines: the JSON record, its small
   cross-report fingerprint and its rows of the derived files (:class:`Result`). The model is loaded once per process. This
   process appends the results in input order, as they come, each line with one unbuffered
   write, and keeps nothing of them in memory. A file that cannot be read becomes an error
   record and the batch goes on; so does an unexpected failure on one report (its error says
   ``internal error: …``). A model or configuration that cannot be used stops the batch.
3. **Whole batch** (:func:`_finish`): the cross-report rules (O501, O502, D308) run over all
   fingerprints; their findings are put into the affected records, whose scores and rows are
   recomputed, in parallel again when they are thousands (this process and ``jobs - 1`` local
   workers, :data:`MIN_REFRESHES_PER_WORKER`); then
   ``reports.jsonl`` is rewritten in input order and ``scores.csv``, ``findings.csv``,
   ``index.html`` (and ``scores.xlsx``) are built in the same pass, one record at a time, by
   copying rows: the ones the workers prepared (spooled in ``.prepared.tmp`` meanwhile) wherever
   the cross-report findings left a record as it was, the recomputed ones elsewhere.
   Every derived file is written to a temporary name and moved into place (``os.replace``).

Resume and exactly-once: ``reports.jsonl`` is the state (``.fingerprints.jsonl`` beside it only
saves work and is rebuilt from it when missing). A rerun with the same ``out`` reads it, drops a
broken last line (the one a ``kill -9`` can leave), skips every source it already holds and
processes the rest. A record is "done" whether ok or error: files that could not be read are
not retried unless ``retry_errors=True`` (they are mostly corrupt and would fail again).
Cross-report findings (:data:`CROSS_CODES`) are always recomputed from scratch over the whole
folder, never appended twice. Records of sources that are not among this run's inputs (an
earlier run into the same folder with other inputs) are kept and listed after this run's
inputs, so a folder can be filled in several runs. Resuming with other ``model``/``select``/
``ignore`` options warns: reports already scored keep their findings (``resume=False`` redoes all).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, NamedTuple, Optional, Sequence, TypeVar, Union

from .errors import GixnlpError, ReadError
from .ingest import DEFAULT_MAX_BYTES
from .ingest import SUFFIXES as _READERS
from .model import load
from .pipeline import analyse, read
from .render.html import IndexPage
from .rules import cross_report, fingerprint, parse_selectors
from .score import score

#: file suffixes a folder is searched for (those gixnlp can read)
SUFFIXES: tuple[str, ...] = tuple(sorted(_READERS))
#: finding codes that only the cross-report pass produces
CROSS_CODES = frozenset({"O501", "O502", "D308"})
SUBSCORES = ("completeness", "accuracy", "substance", "problems", "originality")
SEVERITIES = ("error", "warning", "info")

REPORTS = "reports.jsonl"
SCORES_CSV = "scores.csv"
FINDINGS_CSV = "findings.csv"
INDEX_HTML = "index.html"
SCORES_XLSX = "scores.xlsx"

SCORE_COLUMNS = ("source", "agency", "year", "total", *SUBSCORES,
                 *(f"findings_{s}" for s in SEVERITIES), "status", "title", "error")
FINDING_COLUMNS = ("source", "code", "severity", "section", "target", "message_zh", "message_en", "evidence")

PathLike = Union[str, os.PathLike]
_T = TypeVar("_T")


class BatchError(GixnlpError):
    """The batch cannot run at all (no inputs, output folder unusable or busy)."""


@dataclass
class BatchSummary:
    """What a run did. ``ok``/``errors`` count the whole output folder; the rest this run."""

    out: Path
    inputs: int                 # distinct inputs named by this run
    skipped: int                # of those, already in reports.jsonl (resumed)
    processed: int              # scored by this run
    ok: int                     # records with status ok in reports.jsonl
    errors: int                 # records with status error in reports.jsonl
    seconds: float              # wall time of the run, outputs included
    first_errors: list[tuple[str, str]] = field(default_factory=list)  # (source, reason), a few
    phases: dict[str, float] = field(default_factory=dict)  # seconds: inputs, reports, cross-report, outputs

    @property
    def reports(self) -> int:
        return self.ok + self.errors

    @property
    def reports_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0


# ---------------------------------------------------------------- inputs

def discover(inputs: Iterable[PathLike], exclude: Optional[PathLike] = None) -> list[str]:
    """The report files named by ``inputs``, in a deterministic order, each once.

    A file is taken as given (whatever its suffix: reading it will say if it is not a report;
    a missing file becomes an error record). A folder is searched recursively for
    :data:`SUFFIXES`, skipping hidden entries and Office lock files (``~$…``), and never
    inside ``exclude`` (the output folder). ``@LIST`` names a text file with one input (file
    or folder) per line.
    """
    skip = os.path.realpath(exclude) if exclude is not None else None
    seen: set[str] = set()
    found: list[str] = []
    for item in _expand_lists(inputs):
        paths = _walk(item, skip) if os.path.isdir(item) else [item]
        for path in paths:
            key = os.path.normcase(os.path.realpath(path))
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def _expand_lists(inputs: Iterable[PathLike]) -> Iterator[str]:
    for item in map(os.fspath, inputs):
        if not item.startswith("@") or os.path.exists(item):
            yield item
            continue
        try:
            with open(item[1:], encoding="utf-8-sig") as handle:
                lines = handle.read().splitlines()
        except OSError as exc:
            raise BatchError(f"{item[1:]}: cannot read the list file ({exc.strerror or exc})") from None
        except UnicodeDecodeError:
            raise BatchError(f"{item[1:]}: the list file is not UTF-8 text") from None
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line


def _walk(folder: str, skip: Optional[str]) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        if skip is not None and os.path.realpath(root) == skip:
            dirs.clear()
            continue
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith((".", "~$")) or os.path.splitext(name)[1].lower() not in SUFFIXES:
                continue
            found.append(os.path.join(root, name))
    # sorted by path components, so "a/b.txt" sorts with "a/", not between "a.txt" and "a0.txt"
    return sorted(found, key=lambda p: Path(p).parts)


# ---------------------------------------------------------------- per report (runs in workers)

@dataclass(frozen=True)
class _Settings:
    """What a worker needs besides the path; small and picklable."""

    max_bytes: int = DEFAULT_MAX_BYTES
    model: Optional[str] = None
    tokenizer: Optional[str] = None
    select: Optional[tuple[str, ...]] = None
    ignore: Optional[tuple[str, ...]] = None


def _analyse(path: str, settings: _Settings) -> dict:
    """Read, tag, check, score; the model is loaded on a worker's first report and kept (``load`` caches it)."""
    tagger = load(settings.model, tokenizer=settings.tokenizer)
    return analyse(read(path, settings.max_bytes), tagger=tagger, select=settings.select, ignore=settings.ignore)


class Result(NamedTuple):
    """What scoring one input gives the parent: bytes to write, nothing left to compute."""

    line: bytes                       # the reports.jsonl line, UTF-8, with its newline
    ok: bool
    fingerprint: Optional[bytes]      # the .fingerprints.jsonl line (ok records): what cross-report rules need
    prepared: Optional[bytes] = None  # ok records: the record's rows of the derived files (:func:`_rows`)


def score_file(path: str, settings: _Settings = _Settings()) -> Result:
    """One input -> its :class:`Result`.

    Never raises for a bad file: an unreadable file gives an error record with the reason,
    and so does an unexpected failure (``internal error: …``), so one report cannot stop a batch.
    """
    try:
        record = _analyse(path, settings)
    except ReadError as exc:
        return Result(_line({"source": path, "status": "error", "error": exc.reason}), False, None)
    except GixnlpError:  # not about this file (a model or configuration that cannot be used): stop the batch
        raise
    except Exception as exc:  # a bug on one odd report must not cost the other thousands
        return Result(_line({"source": path, "status": "error",
                             "error": f"internal error: {exc.__class__.__name__}: {exc}"}), False, None)
    record["status"] = "ok"
    return Result(_line(record), True, _line(fingerprint(record)), _rows(record))


def _rows(record: dict, line: Optional[bytes] = None) -> bytes:
    """The record's share of the derived files, packed for the spool (:func:`_unpack`).

    A JSON header line (the page's table row and findings tally, and the sizes of what follows),
    then raw UTF-8: the scores.csv row, the findings.csv rows, the page's detail block (one line)
    and ``line``, the record's new reports.jsonl line where the final pass changed it. Raw, so
    that the final pass copies bytes without decoding them. Workers pack it for each report they
    score; the final pass packs it (in parallel again) for reports that cross-report rules change.
    """
    row, tally, detail = IndexPage.entry(record)
    parts = [_csv_text([_score_row(record)]).encode("utf-8"), _csv_text(_finding_rows(record)).encode("utf-8"),
             (detail + "\n").encode("utf-8"), line or b""]
    return _line({"row": row, "tally": tally, "sizes": [len(part) for part in parts]}) + b"".join(parts)


def _unpack(data: bytes) -> tuple[dict, list[bytes]]:
    """What :func:`_rows` packed: the header, and the scores, findings, detail and (maybe empty) line bytes."""
    start = data.index(b"\n") + 1
    head = json.loads(data[:start])
    parts = []
    for size in head["sizes"]:
        parts.append(data[start:start + size])
        start += size
    return head, parts


def _csv_text(rows: Iterable[list]) -> str:
    text = io.StringIO(newline="")
    csv.writer(text).writerows(rows)
    return text.getvalue()


def score_files(paths: list[str], settings: _Settings) -> list[Result]:
    """A chunk of inputs: what a worker process is sent."""
    return [score_file(path, settings) for path in paths]


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _line(record: dict) -> bytes:
    """A JSON Lines line: compact, UTF-8, with its newline."""
    return (_dumps(record) + "\n").encode("utf-8")


# ---------------------------------------------------------------- reports.jsonl

_SOURCE = re.compile(rb'^\{(?:"schema":"[^"]*",)?"source":("(?:[^"\\]|\\.)*")')
_OK_END = b',"status":"ok"}\n'


class _Journal:
    """``reports.jsonl``: where each source's line is, and appending new ones safely.

    Beside it, ``.fingerprints.jsonl`` keeps each ok report's cross-report fingerprint so that
    they need not be recomputed from the reports. It is only a cache: each line is written
    before its report's line, the last line of a source wins, and what it lacks is rebuilt.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cache = path.with_name(".fingerprints.jsonl")
        self.where: dict[str, tuple[int, int]] = {}    # source -> (offset, length) in reports.jsonl
        self.status: dict[str, bool] = {}              # source -> ok
        self.notes: list[str] = []
        # this run's prepared rows (Result.prepared), spooled beside the journal until the final pass
        self.spool = path.with_name(".prepared.tmp")
        self.prepared: dict[str, tuple[int, int]] = {}

    def clear(self) -> None:
        for path in (self.path, self.cache, self.spool, self.path.with_name(".settings.json")):
            path.unlink(missing_ok=True)

    def load(self, retry_errors: bool) -> None:
        """Index the existing file; repair what an interrupted run can leave behind.

        A line without its newline can only be the last one, cut short by a kill: the file is
        truncated before it. Anything else unexpected (an unreadable line, a source twice) and
        the error records to retry are dropped by rewriting the file (atomically).
        """
        self.spool.unlink(missing_ok=True)  # what a killed run prepared: its index was in memory
        if not self.path.exists():
            self.cache.unlink(missing_ok=True)
            return
        keep: list[tuple[str, int, int]] = []
        rewrite = False
        end = 0
        with open(self.path, "rb") as handle:
            for line in handle:
                start, end = end, end + len(line)
                if not line.endswith(b"\n"):
                    end = start
                    break
                source, ok = _identify(line)
                if source is None:
                    self.notes.append(f"{self.path}: dropped an unreadable line at byte {start}")
                elif source in self.status:
                    self.notes.append(f"{self.path}: dropped a second line for {source}")
                elif not (retry_errors and not ok):
                    keep.append((source, start, len(line)))
                    self.status[source] = ok
                    continue
                rewrite = True
        if rewrite:
            self._rewrite(keep)
        else:
            if end < self.path.stat().st_size:
                os.truncate(self.path, end)
            self.where = {source: (start, length) for source, start, length in keep}
        self._complete_cache()

    def _rewrite(self, keep: list[tuple[str, int, int]]) -> None:
        tmp = _tmp(self.path)
        with open(self.path, "rb") as src, open(tmp, "wb") as dst:
            for source, start, length in keep:
                src.seek(start)
                self.where[source] = (dst.tell(), length)
                dst.write(src.read(length))
        os.replace(tmp, self.path)

    def fingerprints(self) -> dict[str, dict]:
        """The cached fingerprint of every ok report (the last line of each source)."""
        found: dict[str, dict] = {}
        if self.cache.exists():
            with open(self.cache, "rb") as handle:
                for line in handle:
                    fp = _parse(line) if line.endswith(b"\n") else None
                    if fp is not None and self.status.get(fp.get("source")):
                        found[fp["source"]] = fp
        return found

    def _complete_cache(self) -> None:
        """Fingerprints for the ok reports the cache lacks (lost, or cut by a kill); drop stale lines."""
        have = self.fingerprints()
        lines, end = 0, 0
        if self.cache.exists():
            with open(self.cache, "rb") as handle:
                for line in handle:
                    if line.endswith(b"\n"):
                        lines, end = lines + 1, end + len(line)
            os.truncate(self.cache, end)  # a line cut short by a kill would swallow the next one
        missing = [s for s, ok in self.status.items() if ok and s not in have]
        if lines > len(have) + max(100, len(have) // 10):  # mostly stale: rewrite it
            _write_lines(self.cache, (_dumps(fp) for fp in have.values()))
        if missing:
            with open(self.path, "rb") as src, open(self.cache, "ab") as cache:
                for source in missing:
                    record = json.loads(_read(src, self.where[source]))
                    cache.write(_line(fingerprint(_without_cross(record))))

    @contextlib.contextmanager
    def appending(self) -> Iterator["_Journal"]:
        with open(self.path, "ab", buffering=0) as self._out, open(self.cache, "ab", buffering=0) as self._cache, \
                self.spooling():
            yield self

    @contextlib.contextmanager
    def spooling(self) -> Iterator["_Journal"]:
        """Prepared rows may be added (:meth:`prepare`): by the reports phase, then by the final pass."""
        with open(self.spool, "ab") as self._spool:
            yield self

    def prepare(self, source: str, prepared: bytes) -> None:
        """Spool a report's rows of the derived files (a later entry for a source replaces the earlier)."""
        self.prepared[source] = (self._spool.seek(0, os.SEEK_END), len(prepared))
        self._spool.write(prepared)

    def append(self, source: str, result: Result) -> None:
        """The fingerprint first, then the report: each one unbuffered write of a whole line."""
        if result.fingerprint is not None:
            self._cache.write(result.fingerprint)
        offset = self._out.seek(0, os.SEEK_END)
        self._out.write(result.line)  # a kill leaves at most one broken last line
        self.where[source] = (offset, len(result.line))
        self.status[source] = result.ok
        if result.prepared is not None:
            self.prepare(source, result.prepared)


def _identify(line: bytes) -> tuple[Optional[str], bool]:
    """A line's source and whether it is ok; lines as this module writes them are not parsed whole."""
    match = _SOURCE.match(line)
    if match and line.endswith(_OK_END):
        return json.loads(match.group(1)), True
    record = _parse(line)
    source = record.get("source") if record else None
    if not isinstance(source, str):
        return None, False
    return source, record.get("status") == "ok"


def _read(handle: IO[bytes], where: tuple[int, int]) -> bytes:
    handle.seek(where[0])
    return handle.read(where[1])


def _write_lines(path: Path, lines: Iterable[str]) -> None:
    tmp = _tmp(path)
    with open(tmp, "w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line + "\n")
    os.replace(tmp, path)


def _parse(line: bytes) -> Optional[dict]:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def _without_cross(record: dict) -> dict:
    findings = record.get("findings")
    if isinstance(findings, list) and any(_is_cross(f) for f in findings):
        record = dict(record, findings=[f for f in findings if not _is_cross(f)])
    return record


def _is_cross(finding: Any) -> bool:
    return isinstance(finding, dict) and finding.get("code") in CROSS_CODES


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


# ---------------------------------------------------------------- the run

def score_many(inputs: Iterable[PathLike], out: PathLike, jobs: Optional[int] = None, *,
               backend: str = "loky", scheduler: Any = None, model: Optional[PathLike] = None,
               tokenizer: Optional[str] = None,
               resume: bool = True, retry_errors: bool = False, progress: Optional[bool] = None,
               max_bytes: int = DEFAULT_MAX_BYTES, select: Optional[Sequence[str]] = None,
               ignore: Optional[Sequence[str]] = None, title: Optional[str] = None,
               xlsx: bool = False) -> BatchSummary:
    """Score every report named by ``inputs`` into the folder ``out`` (see the module doc).

    ``model``: a model folder (default: the shipped one); ``tokenizer``: ``"jieba"`` or ``"rjieba"``
    instead of the model's own word segmenter (see :func:`gixnlp.load`).
    ``jobs``: processes scoring, this one included (default: all cores; small batches use fewer,
    see :data:`MIN_PER_WORKER`); with Dask, tasks in flight (default: all the cluster's). ``backend``:
    ``"loky"`` (local processes) or ``"dask"``: then ``scheduler`` is the address of a running
    Dask scheduler (or a ``distributed.Client``), and without one a local cluster is started;
    workers must see the input paths. ``resume=False`` starts the folder afresh.
    ``progress``: a progress bar on stderr (default: only when stderr is a terminal).
    """
    started = time.perf_counter()
    out = Path(out)
    paths = discover(inputs, exclude=out)
    if not paths:
        raise BatchError("no report files found in the inputs (folders are searched for "
                         + " ".join(SUFFIXES) + ")")
    out.mkdir(parents=True, exist_ok=True)
    settings = _Settings(max_bytes=max_bytes, model=os.fspath(model) if model is not None else None,
                         tokenizer=tokenizer, select=parse_selectors(select), ignore=parse_selectors(ignore) or None)
    phases = _Phases(started)
    with _locked(out):
        journal = _Journal(out / REPORTS)
        if not resume:
            journal.clear()
        journal.load(retry_errors)
        _check_settings(out, settings, bool(journal.where))
        for note in journal.notes:
            print(f"gixnlp: warning: {note}", file=sys.stderr)
        todo = [p for p in paths if p not in journal.where]
        phases.done("inputs")
        if todo:
            with journal.appending(), contextlib.closing(_run(todo, settings, jobs, backend, scheduler,
                                                             progress)) as results:
                for source, result in zip(todo, results):
                    journal.append(source, result)
        phases.done("reports")
        local = _processes(jobs if backend == "loky" else None)  # the final pass runs here, even with Dask
        counts, first_errors = _finish(out, journal, paths, settings, title or out.resolve().name, xlsx, phases,
                                       local - 1)
    return BatchSummary(out=out, inputs=len(paths), skipped=len(paths) - len(todo), processed=len(todo),
                        ok=counts["ok"], errors=counts["error"], seconds=time.perf_counter() - started,
                        first_errors=first_errors, phases=phases.seconds)


def _check_settings(out: Path, settings: _Settings, resuming: bool) -> None:
    """Remember what decides a report's findings; warn when a resumed folder was scored otherwise."""
    path = out / ".settings.json"
    now = {"model": settings.model, "tokenizer": settings.tokenizer, "select": settings.select,
           "ignore": settings.ignore}
    now = json.loads(json.dumps(now))  # tuples as lists, as read back
    try:
        before = json.loads(path.read_text(encoding="utf-8")) if resuming else now
    except (OSError, ValueError):
        before = now
    if before != now:
        print(f"gixnlp: warning: {out} holds reports scored with other options ({_options(before)}; now "
              f"{_options(now)}); they keep their findings (cross-report ones excepted): use --fresh to rescore all",
              file=sys.stderr)
    _write_lines(path, [json.dumps(now)])


def _options(settings: dict) -> str:
    return ", ".join(f"{k} {','.join(v) if isinstance(v, list) else v}" for k, v in settings.items()
                     if v is not None) or "defaults"


class _Phases:
    """Wall time per phase of a run, for the summary (where did the time go)."""

    def __init__(self, started: float) -> None:
        self.seconds: dict[str, float] = {}
        self._last = started

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self._last
        self._last = now


def _run(paths: list[str], settings: _Settings, jobs: Optional[int], backend: str, scheduler: Any,
         progress: Optional[bool]) -> Iterator[Result]:
    """Results in input order, as they come."""
    if progress is None:
        progress = sys.stderr.isatty()
    task = functools.partial(score_files, settings=settings)
    if backend == "loky":
        results = _run_here(task, paths, _processes(jobs) - 1, MIN_PER_WORKER)
    elif backend == "dask":
        results = _run_dask(task, paths, jobs, scheduler)
    else:
        raise BatchError(f"unknown backend {backend!r}; use 'loky' or 'dask'")
    bar = _progress_bar(len(paths), progress)
    try:
        for result in results:
            bar.update()
            yield result
    finally:
        bar.close()


def _processes(jobs: Optional[int]) -> int:
    """``jobs`` as a number of processes, joblib's way: None or -1 all cores, -2 all but one, …"""
    from joblib import cpu_count

    if jobs is None or jobs < 0:
        return max(1, cpu_count() + 1 + (jobs or -1))
    if jobs == 0:
        raise BatchError("--jobs must not be 0")
    return jobs


#: inputs per task sent to a worker (a report takes ~10 ms; a task's round trip ~1 ms)
CHUNK = 4
#: a worker process takes a few seconds to start (imports, model, word lists): below this many
#: inputs per extra process, starting one costs more than it saves
MIN_PER_WORKER = 200
#: the same for the final pass: rescoring a record whose cross-report findings changed takes ~1 ms,
#: so a worker started for it pays off only on a few thousand (a rerun over a large folder)
MIN_REFRESHES_PER_WORKER = 2000
#: chunks this process may hold, done, while it waits for an earlier one from a worker
MAX_HELD = 64


def _run_here(task: Callable[[list], list[_T]], items: list, workers: int, per_worker: int) -> Iterator[_T]:
    """This process and ``workers`` loky processes run ``task`` over chunks of ``items``; results in order.

    ``task`` takes a chunk (a list of items) and gives one result per item; it must be picklable
    (a module-level function, or a ``functools.partial`` of one).

    This process works too, instead of waiting: one copy fewer of the model, the word lists and
    scikit-learn in memory, and no start-up delay (workers start while it scores). Workers are
    kept ``2 * workers`` chunks ahead; between its own chunks this process hands on, in order,
    what is finished, so it holds only the chunks done out of order (at most :data:`MAX_HELD`).
    With fewer than ``per_worker`` items per extra process, fewer workers are started.
    """
    workers = min(workers, len(items) // per_worker)
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    if workers < 1:
        for chunk in chunks:
            yield from task(chunk)
        return
    from joblib.externals.loky import get_reusable_executor

    executor = get_reusable_executor(max_workers=workers)
    sent: dict[int, Any] = {}      # chunk index -> future, at a worker
    done: dict[int, list[_T]] = {}  # chunk index -> results, computed here
    taken = 0                       # chunks handed out so far (in order)
    try:
        for i in range(len(chunks)):
            while i not in done:
                while taken < len(chunks) and len(sent) < 2 * workers:
                    sent[taken] = executor.submit(task, chunks[taken])
                    taken += 1
                if i in sent and (sent[i].done() or taken == len(chunks) or len(done) >= MAX_HELD):
                    done[i] = sent.pop(i).result()
                else:
                    done[taken] = task(chunks[taken])
                    taken += 1
            yield from done.pop(i)
    finally:
        for future in sent.values():
            future.cancel()
        executor.shutdown(wait=True)  # loky would keep them for minutes: free their memory now


def _run_dask(task: Callable[[list], list[_T]], items: list, jobs: Optional[int], scheduler: Any) -> Iterator[_T]:
    """Chunks of ``items`` as joblib tasks on a Dask cluster (``parallel_config(backend="dask")``); in order."""
    from joblib import Parallel, delayed, parallel_config

    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    with _dask_client(scheduler, jobs), parallel_config(backend="dask", n_jobs=jobs or -1):
        for results in Parallel(return_as="generator")(delayed(task)(chunk) for chunk in chunks):
            yield from results


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, disable=not enabled, unit="report", file=sys.stderr, dynamic_ncols=True,
                smoothing=0.1)


@contextlib.contextmanager
def _dask_client(scheduler: Any, jobs: Optional[int]) -> Iterator[Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise BatchError("the dask backend needs dask.distributed: pip install 'gixnlp[dask]'") from None
    if scheduler is not None and not isinstance(scheduler, str):  # a Client the caller manages
        with scheduler.as_current():
            yield scheduler
        return
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One run per output folder at a time."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock
        yield
        return
    with open(out / ".gixnlp.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BatchError(f"{out}: another gixnlp score is writing to this folder") from None
        yield


# ---------------------------------------------------------------- the whole batch

def _cross_findings(journal: _Journal, order: list[str], settings: _Settings) -> dict[str, list[dict]]:
    """O501/O502/D308 over every ok report in the folder, from scratch."""
    known = journal.fingerprints()
    fingerprints = [known[s] for s in order if s in known]
    return cross_report(fingerprints, select=settings.select, ignore=settings.ignore) if fingerprints else {}


def _finish(out: Path, journal: _Journal, paths: list[str], settings: _Settings, title: str,
            xlsx: bool, phases: _Phases, workers: int) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Cross-report findings, then reports.jsonl in order and every derived file, in one pass.

    Every record's rows come from the spool: prepared by its worker when this run scored it and
    the cross-report findings left it as it was (most), else by :func:`_prepare_rest`. The pass
    itself only copies: lines from reports.jsonl (or the changed line), rows from the spool.
    """
    named = set(paths)
    order = [p for p in paths if p in journal.where] + [s for s in journal.where if s not in named]
    cross = _cross_findings(journal, order, settings)
    phases.done("cross-report")
    _prepare_rest(journal, order, cross, workers)
    counts = {"ok": 0, "error": 0}
    first_errors: list[tuple[str, str]] = []
    page = IndexPage(title)
    targets = [out / REPORTS, out / SCORES_CSV, out / FINDINGS_CSV, out / ".details.tmp"]
    with contextlib.ExitStack() as stack:
        src = stack.enter_context(open(journal.path, "rb"))
        spool = stack.enter_context(open(journal.spool, "rb"))
        jsonl, scores, findings, details = (stack.enter_context(open(path, "wb"))
                                            for path in [*map(_tmp, targets[:3]), targets[3]])
        scores.write(_csv_text([SCORE_COLUMNS]).encode("utf-8-sig"))
        findings.write(_csv_text([FINDING_COLUMNS]).encode("utf-8-sig"))
        for source in order:
            head, (score_rows, finding_rows, detail, line) = _unpack(_read(spool, journal.prepared[source]))
            line = line or _read(src, journal.where[source])
            ok = journal.status[source]
            counts["ok" if ok else "error"] += 1
            if not ok and len(first_errors) < 10:
                first_errors.append((source, str(json.loads(line).get("error"))))
            jsonl.write(line)
            scores.write(score_rows)
            findings.write(finding_rows)
            details.write(detail)
            page.add_entry(head["row"], head["tally"])
    journal.spool.unlink(missing_ok=True)
    for target in targets[:3]:
        os.replace(_tmp(target), target)
    try:
        with open(targets[3], encoding="utf-8") as details, open(_tmp(out / INDEX_HTML), "w", encoding="utf-8") as html:
            html.writelines(page.generate(line.rstrip("\n") for line in details))
        os.replace(_tmp(out / INDEX_HTML), out / INDEX_HTML)
    finally:
        targets[3].unlink(missing_ok=True)
    if xlsx:
        _write_xlsx(out)
    phases.done("outputs")
    return counts, first_errors


def _prepare_rest(journal: _Journal, order: list[str], cross: dict[str, list[dict]], workers: int) -> None:
    """Spool the rows of the records this run's workers did not prepare or the cross-report findings
    change (records of earlier runs, error records, near-copies), computed in parallel as reports are."""
    stale = [s for s in order if s not in journal.prepared or s in cross]
    task = functools.partial(_refresh, os.fspath(journal.path))
    items = [(journal.where[s], cross.get(s, [])) for s in stale]
    with journal.spooling(), contextlib.closing(_run_here(task, items, workers, MIN_REFRESHES_PER_WORKER)) as results:
        for source, prepared in zip(stale, results):
            journal.prepare(source, prepared)


def _refresh(path: str, items: list[tuple[tuple[int, int], list[dict]]]) -> list[bytes]:
    """Records read back from ``path`` (reports.jsonl) at ``(offset, length)``, their cross-report
    findings replaced: their rows (:func:`_rows`), with the new line where it changed."""
    prepared = []
    with open(path, "rb") as handle:
        for where, cross in items:
            record = json.loads(_read(handle, where))
            prepared.append(_rows(record, _line(record) if _apply_cross(record, cross) else None))
    return prepared


def _apply_cross(record: dict, cross: list[dict]) -> bool:
    """Replace the record's cross-report findings by ``cross``; True when the record changed."""
    if record.get("status") != "ok":
        return False
    findings = record.get("findings") or []
    kept = [f for f in findings if not _is_cross(f)]
    if len(kept) == len(findings) and not cross:
        return False
    record["findings"] = kept + list(cross)
    record["score"] = score(record["findings"], record.get("metrics") or {})
    return True


def _score_row(record: dict) -> list:
    points = record.get("score") or {}
    severities = [f.get("severity") for f in record.get("findings") or [] if isinstance(f, dict)]
    return [_cell(record.get("source")), _cell(record.get("agency")), record.get("year"), points.get("total"),
            *(points.get(name) for name in SUBSCORES), *(severities.count(s) for s in SEVERITIES),
            record.get("status"), _cell(record.get("title")), _cell(record.get("error"))]


def _finding_rows(record: dict) -> Iterator[list]:
    source = _cell(record.get("source"))
    for finding in record.get("findings") or []:
        if isinstance(finding, dict):
            yield [source, *(_cell(finding.get(k)) for k in FINDING_COLUMNS[1:])]


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _write_xlsx(out: Path) -> None:
    """scores.csv and findings.csv as two sheets (openpyxl's streaming writer: memory stays flat)."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise BatchError("--xlsx needs openpyxl: pip install 'gixnlp[xlsx]'") from None
    book = Workbook(write_only=True)
    numeric = {SCORE_COLUMNS.index(c) for c in SCORE_COLUMNS[2:-3]}
    for name, csv_name, numbers in (("scores", SCORES_CSV, numeric), ("findings", FINDINGS_CSV, set())):
        sheet = book.create_sheet(name)
        with open(out / csv_name, encoding="utf-8-sig", newline="") as handle:
            rows = csv.reader(handle)
            sheet.append(next(rows))
            for row in rows:
                sheet.append([(float(v) if v else None) if i in numbers else v for i, v in enumerate(row)])
    book.save(_tmp(out / SCORES_XLSX))
    os.replace(_tmp(out / SCORES_XLSX), out / SCORES_XLSX)
