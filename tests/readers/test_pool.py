"""The pool of reader processes on its own: a reader that crashed is replaced and the pool
serves on, a request asked for twice is read once, and a long queue or a stuck reader gets
another reader.

The read function lives in a module of the test's own directory, which the requests carry as
their import path and working directory (as a project's ``conf.py`` puts its models there).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.model.target import Target
from sphinx_kerasviz.readers.pool import QUEUE, Readers
from sphinx_kerasviz.readers.request import Read

JOBS = '''"""A read function, as the package's own take a target and keyword arguments."""

import os
import time
from pathlib import Path


def describe(target, exit_status=None, hang=False, pause=0.0):
    """Who read ``target``, from where, after ``pause`` seconds; a reader whose library gives
    up exits instead, and one stuck in it never answers."""
    if exit_status is not None:
        os._exit(exit_status)
    time.sleep(pause)
    while hang:
        time.sleep(1)
    return os.getpid(), str(target), Path.cwd().name
'''
RESULT_WAIT = 300  # seconds: a reader imports Keras first, slowly on a busy machine


@pytest.fixture
def jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    (tmp_path / "readers_pool_jobs.py").write_text(JOBS)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("readers_pool_jobs")
    sys.modules.pop("readers_pool_jobs", None)


@pytest.fixture
def pool() -> Iterator[Readers]:
    readers = Readers()
    readers.configure(1, 0)
    try:
        yield readers
    finally:
        readers.stop()


def test_a_reader_replaced_after_a_crash_keeps_serving(jobs: ModuleType, pool: Readers,
                                                       tmp_path: Path) -> None:
    def request(name: str, **kwargs: object) -> Read:
        # 5 s: less than importing Keras takes, which a new reader does before it is timed
        return Read.of(jobs.describe, Target(name), kwargs=kwargs, timeout=5,
                       path=(str(tmp_path), *sys.path), cwd=str(tmp_path))

    assert pool.started == 0  # nothing asked for yet: no process
    crash = pool.submit(request("first", exit_status=7))
    with pytest.raises(KerasvizError) as caught:
        crash.result(timeout=RESULT_WAIT)
    assert caught.value.subtype == "crash"
    assert caught.value.message == "the model reader exited with status 7 while reading"

    second = pool.submit(request("second"))
    pid, name, where = second.result(timeout=RESULT_WAIT)
    assert (name, where) == ("second", tmp_path.name)
    assert pid != os.getpid()
    assert pool.started == 2  # a new process after the crash

    assert pool.submit(request("second")) is second  # the same request: the same future
    assert pool.submit(request("first", exit_status=7)) is crash  # failed once is enough
    assert pool.submit(request("third")).result(timeout=RESULT_WAIT) == (pid, "third",
                                                                          tmp_path.name)
    assert pool.started == 2  # the new reader serves on

    pool.forget()  # a new build: read again
    again = pool.submit(request("second"))
    assert again is not second
    assert again.result(timeout=RESULT_WAIT) == (pid, "second", tmp_path.name)
    assert pool.started == 2


def test_a_hanging_model_does_not_hold_up_the_others(jobs: ModuleType, tmp_path: Path) -> None:
    """Two readers allowed: while the first is stuck (longer than it took to start), a second
    starts and reads the next model long before the first one's time is up."""
    readers = Readers()
    readers.configure(2, 0)
    located = {"path": (str(tmp_path), *sys.path), "cwd": str(tmp_path)}
    try:
        stuck = readers.submit(Read.of(jobs.describe, Target("stuck"), kwargs={"hang": True},
                                       timeout=RESULT_WAIT, **located))
        quick = readers.submit(Read.of(jobs.describe, Target("quick"), **located))
        _pid, name, _where = quick.result(timeout=RESULT_WAIT)
        assert name == "quick" and not stuck.done()
        assert readers.started == 2
    finally:
        readers.stop()


def test_a_long_queue_starts_another_reader_at_once(jobs: ModuleType, tmp_path: Path) -> None:
    """A short queue is left to one reader; once more than ``QUEUE`` requests wait for it, a
    second reader starts at once (both import Keras side by side, then share the reads)."""
    readers = Readers()
    readers.configure(2, 0)
    located = {"path": (str(tmp_path), *sys.path), "cwd": str(tmp_path)}

    def read(names: list[str]) -> list[str]:
        """Read ``names``, the first one slowly (so that the others surely wait)."""
        futures = [readers.submit(Read.of(jobs.describe, Target(name),
                                          kwargs={"pause": 1.0 if i == 0 else 0.0}, **located))
                   for i, name in enumerate(names)]
        return [future.result(timeout=RESULT_WAIT)[1] for future in futures]

    try:
        assert read(["a", "b"]) == ["a", "b"]
        assert readers.started == 1
        names = [f"m{i}" for i in range(QUEUE + 2)]
        assert read(names) == names
        assert readers.started == 2
    finally:
        readers.stop()
