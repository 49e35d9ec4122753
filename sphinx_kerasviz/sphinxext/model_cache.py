"""Where a directive's model lives in the cache, and reading it through the cache."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from sphinx_kerasviz.errors import KerasvizError, reason
from sphinx_kerasviz.model.cache import cache_key, load, store
from sphinx_kerasviz.model.isolation import run_isolated
from sphinx_kerasviz.model.reader import model_file
from sphinx_kerasviz.model.target import Target

T = TypeVar("T")


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


def cached_read(env: BuildEnvironment, target: Target, key_fields: dict[str, Any] | None,
                kind: type[T], read: Callable[..., T], **kwargs: Any) -> T:
    """``read(target, **kwargs)`` run isolated on the current page (file targets are confined
    to the source directory), or its cached result; ``key_fields`` None: not cached."""
    key = None if key_fields is None else entry_key(env, env.docname, target, key_fields)
    directory = cache_dir(env)
    result = load(directory, key, kind) if key else None
    if result is not None:
        return result
    try:
        result = run_isolated(read, target, doc_dir=doc_dir(env, env.docname),
                              source_dir=env.srcdir, confine=True, **kwargs)
    except KerasvizError:
        raise
    except Exception as exc:  # e.g. the spawned reader died: the build must go on
        raise KerasvizError("read", reason(exc)) from None
    if key:
        with contextlib.suppress(OSError):
            store(directory, key, result)
    return result
