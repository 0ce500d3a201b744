"""Across a batch: O501 (copied from the same agency's previous year), O502 (copied from another
agency), D308 (carry-over that does not continue last year's table).

A batch keeps one small :func:`fingerprint` per report (agency key, year, carry-over numbers and a
128-value MinHash signature per narrative section, about 2 KB) and calls :func:`cross_report` once
at the end. Near-copies are found with MinHash over character 5-shingles and LSH banding, so the
work grows with the number of similar pairs, not with the square of the batch.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from collections import defaultdict
from pathlib import PurePath
from typing import Iterable, Optional

import numpy as np

from ..normalize import CJK
from ..report import NARRATIVE_SECTIONS
from ..shingles import distinct, hashes
from ..structure.layouts import APPLICANTS
from .registry import RULES, finding, section_params

SHINGLE = 5
NUM_PERM = 128
BANDS, ROWS = 32, 4  # 32 bands of 4 rows: pairs with Jaccard ≥ 0.6 become candidates with p > 0.98
MAX_BUCKET = 200
_RNG = np.random.default_rng(20261121)
_A = _RNG.integers(1, 2 ** 63, NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _RNG.integers(0, 2 ** 63, NUM_PERM, dtype=np.uint64)
_EMPTY = np.full(NUM_PERM, 2 ** 32 - 1, dtype=np.uint32)
_BAND_MIX = _RNG.integers(1, 2 ** 63, ROWS, dtype=np.uint64) | np.uint64(1)

CARRY_IN = "二、上年结转政府信息公开申请数量"
CARRY_OUT = "四、结转下年度继续办理"

_NOT_TEXT = re.compile(rf"[^{CJK}A-Za-z0-9]+")
_DIGITS = re.compile(r"\d+")


# --- agency names -------------------------------------------------------------------------------

_PLACE = re.compile(r".+?(?:自治区|自治州|自治县|特别行政区|省|市|盟|州|县|旗|区|镇|乡|街道|苏木)")
_AFTER_NAME = re.compile(r"(?:关于报送|关于|(?:19|20)\d\d年?|政府信息公开|政务公开|信息公开).*$")


def agency_key(agency: Optional[str], title: Optional[str] = None) -> Optional[str]:
    """The agency's name as ``place/place/…/body``, so one agency's reports of different years meet.

    Titles vary across years (重庆市合川区土场镇人民政府 / 合川区土场镇; 平潭综合实验区管委会 /
    平潭综合实验区; "…关于报送2020年度…的函"), so the key keeps Chinese characters only, drops
    whatever follows the name and 人民政府/管委会 at the end; :func:`same_agency` then lets one
    chain of places be a tail of the other.
    """
    name = agency or re.sub(r"^(?:19|20)\d\d\s*年度?", "", title or "")
    name = unicodedata.normalize("NFKC", name)
    name = _AFTER_NAME.sub("", re.sub(f"[^{CJK}]", "", name))
    name = re.sub(r"(?:政府|管委会|管理委员会)$", "", name.replace("人民政府", "政府"))
    parts, rest = [], name
    while match := _PLACE.match(rest):
        parts.append(match.group(0))
        rest = rest[match.end():]
    parts += [rest] if rest else []
    return "/".join(parts) if len(name) >= 2 else None


def _short(key: str) -> str:
    """The last place and the body after it: where reports of one agency are looked up."""
    parts = key.split("/")
    body = "" if _PLACE.fullmatch(parts[-1]) else parts.pop()
    return (parts[-1] if parts else "") + body


def same_agency(a: Optional[str], b: Optional[str]) -> bool:
    """True when one key's chain of places is a tail of the other's (合川区/土场镇 ~ 重庆市/合川区/土场镇)."""
    if not a or not b:
        return False
    x, y = sorted((a.split("/"), b.split("/")), key=len)
    return y[len(y) - len(x):] == x


# --- MinHash ------------------------------------------------------------------------------------

def _shingle_hashes(text: str) -> np.ndarray:
    """The text's distinct character 5-shingles, hashed; digits count as one mark so changed numbers still match."""
    return distinct(hashes(_DIGITS.sub("0", _NOT_TEXT.sub("", text)), SHINGLE))


def signature(text: str) -> np.ndarray:
    """MinHash of the text: per permutation, the least multiply-shift hash of its shingles."""
    shingles = _shingle_hashes(text)
    if shingles.size == 0:
        return _EMPTY.copy()
    permuted = (shingles[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return permuted.min(axis=0).astype(np.uint32)


def encode(sig: np.ndarray) -> str:
    return base64.b64encode(sig.astype("<u4").tobytes()).decode("ascii")


def decode(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of shingle sets from their signatures (row by row for 2-d arrays)."""
    return (a == b).mean(axis=-1)


# --- fingerprint --------------------------------------------------------------------------------

def _numbers(row: Optional[dict]) -> Optional[list]:
    if not row:
        return None
    values = [row.get(c) for c in APPLICANTS]
    values = [v if isinstance(v, (int, float)) and not isinstance(v, bool) else None for v in values]
    return values if any(v is not None for v in values) else None


def fingerprint(record: dict) -> dict:
    """What cross-report rules need from one analysed record (the ``gixnlp.report/1`` dict), compactly.

    ``sections`` maps a narrative section to its base64 MinHash signature and ``chars`` to its
    length; ``carry_in``/``carry_out`` are table 三's 上年结转 and 结转下年度 rows in
    :data:`APPLICANTS` order (None where not a number).
    """
    texts: dict[str, list[str]] = defaultdict(list)
    for unit in record.get("units") or ():
        if unit.get("section") in NARRATIVE_SECTIONS:
            texts[unit["section"]].append(unit.get("text") or "")
    sections, chars = {}, {}
    for code, parts in texts.items():
        body = "".join(parts)
        size = len(re.findall(f"[{CJK}]", body))
        if size:
            sections[code] = encode(signature(body))
            chars[code] = size
    rows = ((record.get("tables") or {}).get("requests") or {}).get("rows") or {}
    return {"source": record.get("source"), "agency": agency_key(record.get("agency"), record.get("title")),
            "year": record.get("year"), "sections": sections, "chars": chars,
            "carry_in": _numbers(rows.get(CARRY_IN)), "carry_out": _numbers(rows.get(CARRY_OUT))}


# --- cross-report rules -------------------------------------------------------------------------

def _band_pairs(sigs: np.ndarray) -> np.ndarray:
    """Index pairs (i < j) of rows that agree on all rows of at least one band: the LSH candidates.

    A bucket of more than :data:`MAX_BUCKET` rows (one template shared by very many reports) pairs
    every row with the first ``MAX_BUCKET`` rows only, so the work stays linear in its size. Pairs
    are kept as ``i * n + j`` and merged band by band, so a pair found in many bands is held once.
    """
    n = len(sigs)
    keys = np.empty(0, dtype=np.int64)
    wide = sigs.astype(np.uint64)
    for band in range(BANDS):
        rows = wide[:, band * ROWS:(band + 1) * ROWS]
        bucket = (rows * _BAND_MIX[None, :]).sum(axis=1)  # wraps: a rare collision only adds a candidate
        order = np.argsort(bucket, kind="stable")
        edges = np.flatnonzero(np.diff(bucket[order])) + 1
        starts = np.concatenate(([0], edges))
        counts = np.diff(np.concatenate((starts, [n])))
        found = [keys]
        for size in np.unique(counts[counts > 1]):  # all buckets of one size at once
            members = np.sort(order[starts[counts == size][:, None] + np.arange(size)], axis=1).astype(np.int64)
            heads, tail = members[:, :MAX_BUCKET], members[:, MAX_BUCKET:]
            a, b = np.triu_indices(heads.shape[1], k=1)
            found.append((heads[:, a] * n + heads[:, b]).ravel())
            found.append((heads[:, :, None] * n + tail[:, None, :]).ravel())
        keys = distinct(np.concatenate(found))
    return np.stack([keys // n, keys % n], axis=1)


def _similar_pairs(prints: list[dict], code: str, min_chars: float, threshold: float) -> tuple[np.ndarray, ...]:
    """(i, j, similarity) arrays, both directions, for reports whose section ``code`` are near-copies.

    Identical signatures (verbatim copies, common where one template serves many agencies) are
    grouped first: LSH and similarity run over the distinct signatures, and each similar pair of
    them, or group with itself, is then expanded to its members (:func:`_members`).
    """
    rows = np.array([i for i, fp in enumerate(prints) if fp["chars"].get(code, 0) >= min_chars], dtype=np.int64)
    if len(rows) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    sigs, group = np.unique(np.stack([decode(prints[i]["sections"][code]) for i in rows]), axis=0,
                            return_inverse=True)
    group = group.ravel()
    pairs = _band_pairs(sigs)
    scores = np.concatenate([similarity(sigs[part[:, 0]], sigs[part[:, 1]])  # in parts: 128 values per pair
                             for part in np.array_split(pairs, max(1, len(pairs) // 20_000))]) if len(pairs) else np.empty(0)
    keep = scores >= threshold
    copied = np.flatnonzero(np.bincount(group) > 1)
    u = np.concatenate([copied, pairs[keep, 0]])
    v = np.concatenate([copied, pairs[keep, 1]])
    a, b, which = _members(group, u, v)
    scores = np.concatenate([np.ones(len(copied)), scores[keep]])[which]
    a, b = rows[a], rows[b]
    return np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([scores, scores])


def _members(group: np.ndarray, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The member pairs (a, b) of group pairs (u, v), a < b, and the index of the group pair each comes from.

    A group with itself (u == v) gives the pairs of its members; two groups, the members of one
    with those of the other. As in an LSH bucket, a pair is kept only when one of the two is
    among the first :data:`MAX_BUCKET` members of its group, so one template copied thousands
    of times still gives work linear in the batch.
    """
    members = np.argsort(group, kind="stable")  # each group's members, in order, one group after another
    sizes = np.bincount(group)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    head_u, head_v = np.minimum(sizes[u], MAX_BUCKET), np.minimum(sizes[v], MAX_BUCKET)
    same = u == v
    # blocks of (rows of u) x (columns of v): heads of u with all of v, then the rest of u with heads of v
    block = np.concatenate([np.arange(len(u)), np.flatnonzero(~same)])
    first_row = np.concatenate([np.zeros(len(u), np.int64), head_u[~same]])
    height = np.concatenate([head_u, sizes[u][~same] - head_u[~same]])
    width = np.concatenate([sizes[v], head_v[~same]])
    cells = height * width
    which = np.repeat(block, cells)
    offset = np.arange(cells.sum()) - np.repeat(np.cumsum(cells) - cells, cells)
    row = np.repeat(first_row, cells) + offset // np.repeat(width, cells)
    column = offset % np.repeat(width, cells)
    keep = ~same[which] | (row < column)  # a group with itself: each pair once, no member with itself
    which, row, column = which[keep], row[keep], column[keep]
    a, b = members[starts[u[which]] + row], members[starts[v[which]] + column]
    return np.minimum(a, b), np.maximum(a, b), which


def _rules_for(prints: list[dict], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair: "O501" (same agency, j the year before i), "O502" (another agency) or ""."""
    _, short = np.unique([_short(fp["agency"]) if fp["agency"] else f"\0{n}" for n, fp in enumerate(prints)],
                         return_inverse=True)  # compared as integers: a million pairs of strings take 100s of MB
    same_place = short[i] == short[j]
    rules = np.where(same_place, "", "O502")
    near = np.nonzero(same_place)[0]  # same last place and body: look closer
    if not len(near):
        return rules
    names, agency = np.unique(np.array([fp["agency"] or "" for fp in prints]), return_inverse=True)
    pairs, which = np.unique(agency[i[near]] * len(names) + agency[j[near]], return_inverse=True)
    same = np.array([same_agency(names[p // len(names)], names[p % len(names)]) for p in pairs])[which]
    year = np.array([fp["year"] if isinstance(fp["year"], int) else -2 for fp in prints])
    rules[near[~same]] = "O502"
    rules[near[same & (year[i[near]] >= 0) & (year[j[near]] == year[i[near]] - 1)]] = "O501"
    return rules


def _copy_findings(prints: list[dict], enabled: frozenset[str]) -> Iterable[tuple[str, object]]:
    """Per report, section and rule, the most similar other report above the rule's threshold
    (ties: the first source in order; ``prints`` are sorted by source)."""
    rules = [code for code in ("O501", "O502") if code in enabled]
    if not rules:
        return
    chars = {code: np.array([fp["chars"].get(code, 0) for fp in prints]) for code in NARRATIVE_SECTIONS}
    found = []
    for code in NARRATIVE_SECTIONS:
        i, j, scores = _similar_pairs(prints, code, min(RULES[r].params["min_chars"] for r in rules),
                                      min(RULES[r].params["similarity"] for r in rules))
        kinds = _rules_for(prints, i, j)
        for rule in rules:
            params = RULES[rule].params
            mask = (kinds == rule) & (scores >= params["similarity"]) \
                & (np.minimum(chars[code][i], chars[code][j]) >= params["min_chars"])
            order = np.lexsort((j[mask], -scores[mask], i[mask]))
            ri, rj, rs = i[mask][order], j[mask][order], scores[mask][order]
            _, first = np.unique(ri, return_index=True)
            found += [(int(ri[f]), code, rule, int(rj[f]), float(rs[f])) for f in first]
    for i, code, rule, j, score in sorted(found):
        source = str(prints[j]["source"])
        yield prints[i]["source"], finding(rule, section=code, target=source, evidence=f"{source} [{code}]",
                                           similarity=score, other=_name(source), **section_params(code))


def _name(source: object) -> str:
    """A source as messages show it: its file name (the target keeps the whole source)."""
    return PurePath(str(source)).name


def _carry_findings(prints: list[dict]) -> Iterable[tuple[str, object]]:
    """D308: this year's 上年结转 against the same agency's previous-year 结转下年度, per column."""
    by_key = defaultdict(list)
    for fp in prints:
        if fp["agency"] and isinstance(fp["year"], int) and fp["year"] >= 2019:
            by_key[(_short(fp["agency"]), fp["year"])].append(fp)
    earlier: dict[tuple[str, int], Optional[dict]] = {}  # (agency, year) -> its previous year's report
    for fp in prints:
        if not (fp["agency"] and isinstance(fp["year"], int) and fp["carry_in"]):
            continue
        key = (fp["agency"], fp["year"])
        if key not in earlier:
            earlier[key] = next((p for p in by_key.get((_short(fp["agency"]), fp["year"] - 1), ())
                                 if p["carry_out"] and same_agency(p["agency"], fp["agency"])), None)
        last = earlier[key]
        if last is None:
            continue
        for column, now, before in zip(APPLICANTS, fp["carry_in"], last["carry_out"]):
            if now is not None and before is not None and now != before:
                evidence = f"{CARRY_IN}:{column} = {now}; {last['source']} {CARRY_OUT}:{column} = {before}"
                yield fp["source"], finding("D308", target=f"requests:{column}", evidence=evidence, column=column,
                                            carried=now, previous=before, other=_name(last["source"]))


def cross_findings(prints: list[dict], enabled: frozenset[str]) -> dict[str, list]:
    """Findings per source (:class:`Finding` objects), deterministic for the same fingerprints in any order."""
    prints = sorted(prints, key=lambda p: str(p["source"]))
    result: dict[str, list] = defaultdict(list)
    found = list(_copy_findings(prints, enabled))
    if "D308" in enabled:
        found += list(_carry_findings(prints))
    for source, item in found:
        result[source].append(item)
    return dict(result)
