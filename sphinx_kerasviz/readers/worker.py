"""A reader process: ``python -m sphinx_kerasviz.readers.worker TASKS RESULTS MEMORY``.

It imports Keras at once (while Sphinx parses pages) and says ``("ready", None)`` on the pipe
``RESULTS``, then answers tasks from the pipe ``TASKS`` until it closes: ``("ok", result)`` or
``("error", KerasvizError)``. ``MEMORY`` (bytes, 0 for none) caps the memory it may allocate.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import os
import resource
import signal
import sys
from multiprocessing.connection import Connection
from types import ModuleType
from typing import Any

from sphinx_kerasviz.errors import KerasvizError, reason
from sphinx_kerasviz.readers.faults import out_of_memory
from sphinx_kerasviz.readers.request import Read

PR_SET_PDEATHSIG = 1


def main(argv: list[str]) -> int:
    tasks = Connection(int(argv[0]), writable=False)
    results = Connection(int(argv[1]), readable=False)
    memory = int(argv[2])
    limit_memory(memory)
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the build, which stops us
    with contextlib.suppress(BaseException):  # a failing import is reported by the first read
        importlib.import_module("sphinx_kerasviz.model.reader").import_keras()
    results.send(("ready", None))
    modules = UserModules()
    reader = os.getpid()
    while True:
        try:
            read: Read = tasks.recv()
        except (EOFError, OSError):
            return 0
        modules.forget_changed(read.path)
        answer = run(read, memory)
        if os.getpid() != reader:  # a model's code forked, and this is its copy of the reader
            os._exit(0)
        modules.note()
        try:
            results.send(answer)
        except Exception as exc:  # a result that cannot be pickled
            results.send(("error", KerasvizError("read", f"the result cannot be sent back: "
                                                 f"{reason(exc)}")))


def limit_memory(limit: int) -> None:
    """Cap what the process may allocate (its data, not the libraries it maps)."""
    if limit:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def die_with_parent() -> None:
    """A reader stuck in a model's code must not outlive the build that started it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def run(read: Read, memory: int) -> tuple[str, Any]:
    """The answer to ``read``, in the caller's directory with the caller's import path."""
    if read.path:
        sys.path[:] = read.path
    try:
        if read.cwd:
            os.chdir(read.cwd)
        function = resolve(read.function)
        return "ok", function(read.target, **read.kwargs)
    except KerasvizError as err:
        return "error", err
    except MemoryError:
        return "error", out_of_memory(memory)
    except BaseException as exc:  # sys.exit() or KeyboardInterrupt in a model's code too
        return "error", KerasvizError("read", reason(exc))


def resolve(name: str) -> Any:
    module, _, qualname = name.partition(":")
    obj: Any = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


class UserModules:
    """The modules imported by reads (a project's models): imported again once one of their
    files changes, or the import path does, so a long-lived reader never draws a model from
    old code or from another project's module of the same name."""

    def __init__(self) -> None:
        self.base = set(sys.modules)
        self.seen: dict[str, int] = {}
        self.path: tuple[str, ...] = ()

    def note(self) -> None:
        """Remember the project's modules as they are after a read."""
        self.seen = {name: _mtime(module) for name, module in list(sys.modules.items())
                     if name not in self.base and not _is_library(module)}

    def forget_changed(self, path: tuple[str, ...]) -> None:
        """Before a read: when one of them changed, forget them all (they import each other)."""
        moved, self.path = path != self.path, path
        if moved or any(_mtime(sys.modules.get(name)) != mtime
                        for name, mtime in self.seen.items()):
            for name in self.seen:
                sys.modules.pop(name, None)
            importlib.invalidate_caches()


def _mtime(module: ModuleType | None) -> int:
    try:
        return os.stat(module.__file__).st_mtime_ns  # type: ignore[union-attr, arg-type]
    except (AttributeError, TypeError, OSError):
        return 0


def _is_library(module: ModuleType | None) -> bool:
    """Installed code (Keras, KerasHub..., this package) is never edited during a build."""
    file = getattr(module, "__file__", None) or ""
    return (not file or file.startswith((sys.prefix, sys.base_prefix))
            or getattr(module, "__name__", "").startswith("sphinx_kerasviz"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
