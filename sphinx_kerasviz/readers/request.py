"""What a reader is asked to do: call a read function on a target, and how long it may take."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sphinx_kerasviz.model.target import Target


@dataclass(frozen=True)
class Read:
    """``function(target, **kwargs)`` in a reader; the result is stored under ``key`` in
    ``cache`` (a directory) when both are given."""

    function: str  # "package.module:name", imported in the reader
    target: Target
    kwargs: dict[str, Any] = field(default_factory=dict)
    key: str | None = None
    cache: str | None = None
    timeout: float = 300.0  # seconds, from the moment a reader starts on it
    path: tuple[str, ...] = ()  # the caller's sys.path, where the model's modules are found
    cwd: str = ""  # and its working directory

    @classmethod
    def of(cls, function: Callable[..., Any], target: Target, **fields: Any) -> Read:
        return cls(f"{function.__module__}:{function.__qualname__}", target, **fields)

    @property
    def identity(self) -> str:
        """Equal for two requests that read the same thing (the cache key when there is one)."""
        if self.key:
            return self.key
        what = (self.function, self.target, sorted(self.kwargs.items(), key=lambda kv: kv[0]))
        return hashlib.sha256(pickle.dumps(what)).hexdigest()


class Stored:
    """The answer to a cached request once its result is in the cache: the result itself is
    not kept (a build's results would add up in the memory of the process that owns them)."""
