"""A model directory: ``model.joblib``, ``reference.npz``, ``taxonomy.json`` and ``meta.json``.

Loading a joblib file runs code stored in it, so :func:`read_model` only unpickles a file whose
sha256 equals the one recorded in its ``meta.json``; anything else is refused before it is opened.
``meta.json`` also records library versions, the taxonomy, the gold corpus hash and the metrics,
so a model can be traced and reproduced.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

import joblib

from ..errors import ModelError
from ..taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from .reference import Reference

if TYPE_CHECKING:
    from .classifiers import UnitModel

MODEL_FILE = "model.joblib"
REFERENCE_FILE = "reference.npz"
TAXONOMY_FILE = "taxonomy.json"
META_FILE = "meta.json"
_LIBRARIES = ("gixnlp", "scikit-learn", "numpy", "scipy", "jieba", "joblib", "rjieba")


def sha256(path: Union[str, Path]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def library_versions() -> dict[str, Optional[str]]:
    versions: dict[str, Optional[str]] = {"python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def write_model(directory: Union[str, Path], model: "UnitModel", reference: Optional[Reference], taxonomy: Taxonomy,
                meta: dict, extra_files: tuple[str, ...] = ()) -> dict:
    """Write the artefacts and a ``meta.json`` that pins each one (and ``extra_files`` already written
    in ``directory``) by sha256; return the meta written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    model.featurizer.reference = None  # stored once, as a plain array, in reference.npz
    try:
        joblib.dump(model, directory / MODEL_FILE, compress=3)
    finally:
        model.featurizer.reference = reference
    files = {MODEL_FILE: sha256(directory / MODEL_FILE)}
    if reference is not None:
        reference.save(directory / REFERENCE_FILE)
        files[REFERENCE_FILE] = sha256(directory / REFERENCE_FILE)
    shutil.copyfile(taxonomy.path, directory / TAXONOMY_FILE)
    files[TAXONOMY_FILE] = sha256(directory / TAXONOMY_FILE)
    files.update({name: sha256(directory / name) for name in extra_files})
    meta = {**meta, "libraries": library_versions(),
            "taxonomy": {"version": taxonomy.version, "fingerprint": taxonomy.fingerprint,
                         "roles": list(taxonomy.role_codes), "themes": list(taxonomy.theme_codes)},
            "files": files}
    (directory / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


def read_meta(directory: Union[str, Path]) -> dict:
    path = Path(directory) / META_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{directory}: not a gixnlp model directory (no {META_FILE})") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: unreadable model metadata: {exc}") from None


def _verified(directory: Path, name: str, meta: dict) -> Path:
    path = directory / name
    expected = meta.get("files", {}).get(name)
    if not path.exists():
        raise ModelError(f"{path}: missing model file")
    if expected is None or sha256(path) != expected:
        raise ModelError(f"{path}: refused: its sha256 does not match {META_FILE} (loading a joblib file runs code "
                         "in it, so gixnlp loads only files whose checksum matches their metadata)")
    return path


def read_model(directory: Union[str, Path]) -> tuple["UnitModel", Optional[Reference], Taxonomy, dict]:
    """Model, reference, taxonomy and meta of a model directory, each file checked against meta.json."""
    directory = Path(directory)
    meta = read_meta(directory)
    taxonomy_path = _verified(directory, TAXONOMY_FILE, meta)
    model_path = _verified(directory, MODEL_FILE, meta)
    reference = None
    if REFERENCE_FILE in meta.get("files", {}):
        reference = Reference.load(_verified(directory, REFERENCE_FILE, meta))
    try:
        taxonomy = load_taxonomy(taxonomy_path)
    except TaxonomyError as exc:
        raise ModelError(str(exc)) from None
    model = joblib.load(model_path)
    model.featurizer.reference = reference
    return model, reference, taxonomy, meta
