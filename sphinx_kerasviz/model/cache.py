"""A disk cache of model descriptions, so that re-reading a page does not import Keras.

An entry is keyed by everything reading depends on: the target, the options that affect
reading, the content of the package (or file) the target comes from, and the versions of Keras
and of this extension. A missing or unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import pickle
from pathlib import Path
from typing import Any

from sphinx_kerasviz.files import publish, temp_beside
from sphinx_kerasviz.model.description import FORMAT
from sphinx_kerasviz.model.target import Target

VERSIONED = ("keras", "tf_keras")
_digests: dict[str, tuple[str, str]] = {}  # root -> (fingerprint of stats, content digest)


def cache_key(target: Target, file: Path | None, **reading: Any) -> str | None:
    """The key of ``target`` read with the ``reading`` options; None when it cannot be known
    without importing (the target's package is not found), so it is not cached."""
    if file is not None:
        sources = [_digest(file)]
    else:
        sources = []
        for path in [target.path, *sorted(reading.get("custom_objects") or {}.values())]:
            top = path.split(".")[0]
            if top in VERSIONED:
                continue  # their versions are in the key; hashing Keras's source takes 0.2 s
            digest = package_digest(top)
            if digest is None:
                return None
            sources.append(digest)
    key = {
        "target": str(target),
        "file": str(file),
        "reading": repr(sorted(reading.items())),
        "sources": sources,
        "versions": [_version("keras"), _version("sphinx-kerasviz"), _version("tf_keras")],
        "backend": os.environ.get("KERAS_BACKEND", ""),
        "format": FORMAT,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def entry(directory: Path, key: str) -> Path:
    return directory / f"{key}.pickle"


def load(directory: Path, key: str, kind: type[Any]) -> Any:
    """The cached result (a ``kind``), or None (no entry, or one that cannot be read)."""
    path = entry(directory, key)
    try:
        with path.open("rb") as file:
            result = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception:  # a corrupt or outdated entry: read the model again
        path.unlink(missing_ok=True)
        return None
    return result if isinstance(result, kind) else None


def has(directory: Path, key: str) -> bool:
    """Whether there is an entry (it may still turn out unreadable)."""
    return entry(directory, key).is_file()


def store(directory: Path, key: str, result: object) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    path = entry(directory, key)
    with temp_beside(path) as tmp:
        tmp.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        publish(tmp, path)


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


def package_digest(name: str) -> str | None:
    """The content digest of top-level module or package ``name``, found without importing it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        roots = [Path(root) for root in spec.submodule_search_locations]
        return hashlib.sha256("".join(_tree_digest(root) for root in roots).encode()).hexdigest()
    return _digest(Path(spec.origin)) if spec.origin and Path(spec.origin).is_file() else None


def _tree_digest(root: Path) -> str:
    """The digest of every ``.py`` file under ``root``; recomputed only when their sizes or
    modification times change (reading them all takes a while for a package as big as Keras)."""
    files = sorted(root.rglob("*.py"))
    stats = hashlib.sha256()
    for file in files:
        stat = file.stat()
        stats.update(f"{file}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    fingerprint = stats.hexdigest()
    known = _digests.get(str(root))
    if known is not None and known[0] == fingerprint:
        return known[1]
    content = hashlib.sha256()
    for file in files:
        content.update(f"{file.relative_to(root)}\0".encode())
        content.update(file.read_bytes())
    _digests[str(root)] = (fingerprint, content.hexdigest())
    return content.hexdigest()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
