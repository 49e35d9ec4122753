"""The one pool of readers of a build, reachable from the processes ``sphinx-build -j N`` forks.

The process that starts a build owns the pool. Before Sphinx forks its parallel readers, the
owner opens a Unix socket (:func:`share`); a forked process sends its requests there and waits
for the answer, so every request is read once, by the owner's readers, whichever process asks.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
import sys
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import replace
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import Any

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.model.cache import load
from sphinx_kerasviz.readers.pool import Readers
from sphinx_kerasviz.readers.request import Read, Stored

_owner = os.getpid()
_pool: Readers | None = None
_listener: Listener | None = None
_authkey = secrets.token_bytes(32)
_client: Connection | None = None


def pool() -> Readers:
    """This process's readers (created on first use; none are started until a request)."""
    global _pool, _owner
    if _pool is None or _owner != os.getpid():
        _pool, _owner = Readers(), os.getpid()
        atexit.register(_pool.stop)
    return _pool


def submit(request: Read) -> Future[Any]:
    """Start reading ``request`` (in the owner) and return its future result."""
    return pool().submit(_located(request))


def read(request: Read) -> Any:
    """The result of ``request``, read by the build's readers; raises :class:`KerasvizError`."""
    request = _located(request)
    if _listener is not None and _owner != os.getpid():
        result = _ask_owner(request)
    else:
        result = pool().submit(request).result()
    if isinstance(result, Stored):
        result = load(Path(str(request.cache)), str(request.key), object)
        if result is None:
            raise KerasvizError("read", "the model's cache entry could not be read back")
    return result


def share() -> None:
    """Let processes forked from this one from now on use its readers."""
    global _listener
    if _listener is not None and _owner == os.getpid():
        return
    pool()
    if sys.platform.startswith("linux"):  # an abstract socket: no file, whatever $TMPDIR is
        address, directory = f"\0kerasviz-{secrets.token_hex(16)}", None
    else:  # the path of a Unix socket is at most 103 or 107 bytes long: not under $TMPDIR
        directory = tempfile.mkdtemp(prefix="kerasviz-", dir="/tmp")
        address = str(Path(directory) / "readers")
    _listener = Listener(address, family="AF_UNIX", authkey=_authkey)
    atexit.register(_close, _listener, directory)
    threading.Thread(target=_accept, args=(_listener,), daemon=True,
                     name="kerasviz-readers").start()


def _located(request: Read) -> Read:
    """``request`` with the caller's import path and directory (where its modules are)."""
    return replace(request, path=tuple(sys.path), cwd=os.getcwd())


def _ask_owner(request: Read) -> Any:
    global _client
    if _client is None:
        assert _listener is not None
        _client = Client(_listener.address, family="AF_UNIX", authkey=_authkey)
    _client.send(request)
    status, value = _client.recv()
    if status == "error":
        raise value
    return value


def _accept(listener: Listener) -> None:
    while True:
        try:
            connection = listener.accept()
        except OSError:
            return
        threading.Thread(target=_answer, args=(connection,), daemon=True,
                         name="kerasviz-readers").start()


def _answer(connection: Connection) -> None:
    """Answer one forked process's requests until it closes the connection."""
    with connection:
        while True:
            try:
                request: Read = connection.recv()
            except (EOFError, OSError):
                return
            try:
                answer: tuple[str, Any] = ("ok", pool().submit(request).result())
            except KerasvizError as err:
                answer = ("error", err)
            with contextlib.suppress(OSError):
                connection.send(answer)


def _close(listener: Listener, directory: str | None) -> None:
    if _owner == os.getpid():
        listener.close()  # removes the socket
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)


def _forked() -> None:
    global _client
    _client = None  # the parent's connection is the parent's


os.register_at_fork(after_in_child=_forked)
