"""The quality score (REPORT-FORMAT §4): five sub-scores from findings and metrics, and their weighted total.

Each sub-score starts at 100 and loses points, each loss recorded in ``deductions`` with the
finding code or metric that caused it, so every lost point can be traced. All numbers (weights,
points per severity or code, metric ramps) live in ``gixnlp/data/score.json`` or a user's copy;
the formula is in ``docs/scoring.md``. Works on finding dicts too, so a batch can rescore a record
after adding the cross-report findings.
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from .errors import GixnlpError

DEFAULT_CONFIG = Path(__file__).parent / "data" / "score.json"
SUBSCORES = ("completeness", "accuracy", "substance", "problems", "originality")


class ScoreConfigError(GixnlpError):
    """A scoring configuration that cannot be used."""


def load_config(path: Union[str, Path, None] = None) -> dict:
    """The scoring configuration at ``path``, or the bundled default."""
    return _load(str(Path(path).resolve()) if path else str(DEFAULT_CONFIG))


@lru_cache(maxsize=8)
def _load(path: str) -> dict:
    try:
        config = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ScoreConfigError(f"{path}: cannot read scoring configuration: {exc}") from None
    missing = [k for k in ("weights", "severity_points", "codes") if k not in config]
    if missing or set(config["weights"]) != set(SUBSCORES):
        raise ScoreConfigError(f"{path}: needs 'weights' for exactly {', '.join(SUBSCORES)}, "
                               f"'severity_points' and 'codes' (missing: {', '.join(missing) or 'none'})")
    return config


def subscore_of(code: str, config: dict) -> Optional[str]:
    """The sub-score a code counts against: the one listing the longest prefix of it (S103 beats S1)."""
    best, length = None, -1
    for name, prefixes in config["codes"].items():
        for prefix in prefixes:
            if code.startswith(prefix) and len(prefix) > length:
                best, length = name, len(prefix)
    return best


def _metric(metrics: dict, path: str) -> Optional[float]:
    value: Any = metrics
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def ramp(value: float, good: float, bad: float, points: float) -> float:
    """0 at ``good`` or better, ``points`` at ``bad`` or worse, linear between (either direction)."""
    share = (value - good) / (bad - good) if bad != good else float(value != good)
    return points * min(1.0, max(0.0, share))


def _as_dict(finding: Any) -> dict:
    return asdict(finding) if is_dataclass(finding) else finding


def score(findings: Iterable[Any], metrics: Optional[dict] = None, config: Union[dict, str, Path, None] = None) -> dict:
    """``{"total", "completeness", "accuracy", "substance", "problems", "originality", "deductions"}``."""
    config = config if isinstance(config, dict) else load_config(config)
    metrics = metrics or {}
    deductions: list[dict] = []
    by_code: dict[tuple[str, str], float] = {}
    for finding in map(_as_dict, findings):
        code = finding["code"]
        name = subscore_of(code, config)
        points = config.get("code_points", {}).get(code, config["severity_points"].get(finding["severity"], 0))
        cap = config.get("code_caps", {}).get(code, config.get("code_cap", 100))
        points = min(points, cap - by_code.get((name, code), 0.0)) if name else 0
        if points > 0:
            by_code[(name, code)] = by_code.get((name, code), 0.0) + points
            deductions.append({"subscore": name, "code": code, "target": finding.get("target"), "points": points})
    for name, ramps in config.get("metrics", {}).items():
        for item in ramps:
            value = _metric(metrics, item["metric"])
            if value is None:
                continue
            points = round(ramp(value, item["good"], item["bad"], item["points"]), 2)
            if points > 0:
                deductions.append({"subscore": name, "metric": item["metric"], "value": value, "points": points})
    result: dict[str, Any] = {}
    for name in SUBSCORES:
        lost = sum(d["points"] for d in deductions if d["subscore"] == name)
        result[name] = round(max(0.0, 100.0 - lost), 1)
    weights = config["weights"]
    result = {"total": round(sum(weights[n] * result[n] for n in SUBSCORES) / sum(weights.values()), 1), **result}
    result["deductions"] = deductions
    return result
