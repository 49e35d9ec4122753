"""A directive's read: its cache key, and its result from the cache or from the readers."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from sphinx_kerasviz.errors import KerasvizError, reason
from sphinx_kerasviz.model.cache import cache_key, has, load
from sphinx_kerasviz.model.reader import model_file
from sphinx_kerasviz.model.target import Target
from sphinx_kerasviz.readers import service
from sphinx_kerasviz.readers.request import Read

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


def request(env: BuildEnvironment, docname: str, target: Target,
            key_fields: dict[str, Any] | None, read: Callable[..., Any], **kwargs: Any) -> Read:
    """``read(target, **kwargs)`` on page ``docname`` (file targets confined to the source
    directory); cached under ``key_fields`` unless they are None."""
    key = None if key_fields is None else entry_key(env, docname, target, key_fields)
    return Read.of(read, target, kwargs={"doc_dir": doc_dir(env, docname),
                                         "source_dir": Path(env.srcdir), "confine": True,
                                         **kwargs},
                   key=key, cache=str(cache_dir(env)) if key else None,
                   timeout=float(env.config.kerasviz_read_timeout))


def ask(env: BuildEnvironment, read: Read) -> None:
    """Start reading ``read`` unless the cache has it."""
    if not (read.key and has(cache_dir(env), read.key)):
        service.submit(read)


def cached_read(env: BuildEnvironment, read: Read, kind: type[T]) -> T:
    """The result of ``read``: from the cache, or from the readers (which store it)."""
    result = load(cache_dir(env), read.key, kind) if read.key else None
    if result is not None:
        return result
    try:
        result = service.read(read)
    except KerasvizError:
        raise
    except Exception as exc:  # the readers cannot be reached: the build must go on
        raise KerasvizError("read", reason(exc)) from None
    if not isinstance(result, kind):
        raise KerasvizError("read", f"the reader answered a {type(result).__name__}")
    return result
