"""Reader processes, each reading many models, and the faults they contain.

A reader that dies (an exit, a signal, the memory cap) or takes longer than its request allows
fails that request alone, with subtype ``crash``, ``memory`` or ``timeout``; it is stopped and
a new one starts with the next request. Readers start when there is something to read, at most
``count`` of them, and are spawned (a fresh interpreter, never a fork of this process).
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.model.cache import store
from sphinx_kerasviz.readers.faults import crashed, out_of_memory, timed_out
from sphinx_kerasviz.readers.process import Process
from sphinx_kerasviz.readers.request import Read, Stored

PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
SAMPLE = 0.25  # seconds between looks at a busy reader (alive? its memory? its time?)
NEAR_CAP = 0.8  # a reader that dies using this much of its memory cap died of it
TASKS, RESULTS = 3, 4  # the reader's ends of its two pipes
START_LIMIT = 300.0  # seconds a reader may take to import Keras (not counted in a read's time)
QUEUE = 3  # requests waiting per reader beyond which another reader starts


class Reader:
    """One reader process, started on first use and again after a fault."""

    def __init__(self, memory: int) -> None:
        self.memory = memory
        self.starts = 0  # processes started (again after each fault)
        self.ready = False  # it has imported Keras
        self.startup = 0.0  # seconds its process took to become ready
        self.ready_at = 0.0  # when it did (time.monotonic())
        self.process: Process | None = None
        self.tasks: Connection | None = None
        self.results: Connection | None = None

    def read(self, request: Read, busy: Callable[[], None] = lambda: None) -> Any:
        """The result of ``request``; raises :class:`KerasvizError`. The time limit counts
        from the moment the reader is ready (it has imported Keras); ``busy`` is called every
        :data:`SAMPLE` seconds while it reads."""
        if self.process is None or self.process.poll() is not None:
            self.start()
        assert self.tasks is not None
        if not self.ready:
            started = time.monotonic()
            self.answer(max(request.timeout, START_LIMIT))  # "ready"
            self.ready, self.ready_at = True, time.monotonic()
            self.startup = self.ready_at - started
        try:
            self.tasks.send(request)
        except OSError:
            raise self.died(0) from None
        status, value = self.answer(request.timeout, busy)
        if status == "ok":
            return value
        if value.subtype == "memory":  # what is left of it is not worth keeping
            self.stop()
        raise value

    def answer(self, timeout: float,
               busy: Callable[[], None] = lambda: None) -> tuple[str, Any]:
        """The reader's next message, within ``timeout`` seconds."""
        assert self.process is not None and self.results is not None
        deadline = time.monotonic() + timeout
        used = 0
        while True:
            left = deadline - time.monotonic()
            if wait([self.results], timeout=max(0.0, min(SAMPLE, left))):
                try:
                    return self.results.recv()
                except (EOFError, OSError):
                    raise self.died(used) from None
            busy()
            used = max(used, data_size(self.process))
            if self.process.poll() is not None:
                raise self.died(used)
            if left <= 0:
                self.stop()
                raise timed_out(timeout)

    def start(self) -> None:
        self.stop()
        task_out, task_in = os.pipe()
        result_out, result_in = os.pipe()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))}
        try:
            self.process = Process(
                [sys.executable, "-m", "sphinx_kerasviz.readers.worker", str(TASKS),
                 str(RESULTS), str(self.memory)], env, {TASKS: task_out, RESULTS: result_in})
        finally:
            os.close(task_out)
            os.close(result_in)
        self.starts += 1
        self.tasks = Connection(task_in, readable=False)
        self.results = Connection(result_out, writable=False)

    def stop(self) -> None:
        for connection in (self.tasks, self.results):
            if connection is not None:
                connection.close()
        self.tasks = self.results = None
        self.ready = False
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def died(self, used: int) -> KerasvizError:
        """The error of a reader found dead while reading (``used``: its largest data size)."""
        assert self.process is not None
        status = self.process.wait()
        self.stop()
        if self.memory and used >= NEAR_CAP * self.memory:
            return out_of_memory(self.memory)
        return crashed(status)


class Readers:
    """Requests answered by up to ``count`` readers; the same request is read once.

    One reader starts with the first request. Another starts at once when more than
    :data:`QUEUE` requests wait for each reader (a long queue: the imports of Keras run side by
    side, then the reads), and while a reader has been reading for longer than it took to start
    and requests are still waiting (a model that hangs until its time limit).
    """

    def __init__(self) -> None:
        self.count = 1
        self.memory = 0
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[tuple[Read, Future[Any]]] = queue.SimpleQueue()
        self._jobs: dict[str, Future[Any]] = {}
        self._readers: list[Reader] = []
        self._waiting = 0  # requests not yet taken by a reader
        self._idle = 0  # readers waiting for a request

    def configure(self, count: int, memory: int) -> None:
        """At most ``count`` readers from now on, each capped at ``memory`` bytes (0: none)."""
        with self._lock:
            self.count = max(1, count)
            if memory != self.memory:
                self.memory = memory
                for reader in self._readers:
                    reader.memory = memory
                    reader.stop()  # not busy: a new build has not read anything yet

    def submit(self, request: Read) -> Future[Any]:
        """The future result of ``request`` (the one already asked for, when it was)."""
        with self._lock:
            future = self._jobs.get(request.identity)
            if future is not None:
                return future
            future = self._jobs[request.identity] = Future()
            self._queue.put((request, future))
            self._waiting += 1
            if not self._readers or (self._waiting > QUEUE * len(self._readers)
                                     and len(self._readers) < self.count):
                self._add()
            return future

    def _add(self) -> None:
        """One more reader (its process starts with its first request)."""
        reader = Reader(self.memory)
        self._readers.append(reader)
        self._idle += 1
        threading.Thread(target=self._serve, args=(reader,), daemon=True,
                         name="kerasviz-reader").start()

    def _grow(self, reader: Reader) -> None:
        """While ``reader`` reads: another reader when requests wait and it has been reading
        for longer than it took to start (a long queue, or a model that hangs)."""
        with self._lock:
            reading_for = time.monotonic() - reader.ready_at
            if (self._waiting > self._idle and len(self._readers) < self.count and reader.ready
                    and reading_for > reader.startup):
                self._add()

    @property
    def started(self) -> int:
        """How many reader processes were started (a fully cached build starts none)."""
        return sum(reader.starts for reader in self._readers)

    def forget(self) -> None:
        """Forget what was read (a new build reads it again, or from the cache)."""
        with self._lock:
            self._jobs = {key: job for key, job in self._jobs.items() if not job.done()}

    def stop(self) -> None:
        for reader in self._readers:
            reader.stop()

    def _serve(self, reader: Reader) -> None:
        while True:
            request, future = self._queue.get()
            with self._lock:
                self._idle -= 1
                self._waiting -= 1
            try:
                result = reader.read(request, partial(self._grow, reader))
            except KerasvizError as err:
                future.set_exception(err)
            except Exception as exc:  # a reader that cannot even start
                future.set_exception(KerasvizError("crash", f"no model reader: {exc}"))
            else:
                future.set_result(kept(request, result))
            with self._lock:
                self._idle += 1


def kept(request: Read, result: Any) -> Any:
    """``result`` stored in the cache when the request has a key (:class:`Stored` is kept in
    its place), or ``result`` itself."""
    if request.key and request.cache:
        with contextlib.suppress(OSError):
            store(Path(request.cache), request.key, result)
            return Stored()
    return result


def data_size(process: Process | None) -> int:
    """The bytes of data a process has allocated (what its memory cap counts), or 0."""
    try:
        status = Path(f"/proc/{process.pid}/status").read_text()  # type: ignore[union-attr]
    except (AttributeError, OSError):
        return 0
    for line in status.splitlines():
        if line.startswith("VmData:"):
            return int(line.split()[1]) * 1024
    return 0
