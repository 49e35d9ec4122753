"""Where a directive's model lives in the cache: shared by the directive and the prefetch."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from sphinx_kerasviz.cache import cache_key
from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.keras_reader import model_file
from sphinx_kerasviz.target import Target


def cache_dir(env: BuildEnvironment) -> Path:
    return Path(env.doctreedir) / "kerasviz-cache"


def doc_dir(env: BuildEnvironment, docname: str) -> Path:
    return Path(env.doc2path(docname)).parent


def reading(config: Config, input_shape: Any) -> dict[str, Any]:
    """The options that change what is read (the rest only change how it is drawn)."""
    return {"input_shape": input_shape,
            "custom_objects": dict(config.kerasviz_custom_objects)}


def entry_key(
    env: BuildEnvironment, docname: str, target: Target, options: dict[str, Any]
) -> str | None:
    """The cache key of ``target`` on page ``docname``; None when caching is off or unknown."""
    if not env.config.kerasviz_cache:
        return None
    file = None
    if target.is_file:  # a refused or missing file is reported when the model is read
        with contextlib.suppress(KerasvizError):
            file = model_file(target.path, doc_dir(env, docname), Path(env.srcdir), confine=True)
    return cache_key(target, file, **options)
