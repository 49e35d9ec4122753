"""TensorFlow is not fork-safe: a process forked after TensorFlow was loaded must not use it.

Sphinx's parallel build forks. When the parent had already loaded TensorFlow (a conf.py that
imports it, a test runner, a notebook), models are read in a freshly spawned process instead.
A forked worker that loads TensorFlow itself gives it one thread for operations: the workers
of ``-j N`` then share the cores instead of each one competing for all of them.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
_forked_with_tensorflow = False


def _after_fork_in_child() -> None:
    global _forked_with_tensorflow
    _forked_with_tensorflow = _forked_with_tensorflow or "tensorflow" in sys.modules
    if not _forked_with_tensorflow:
        os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")


os.register_at_fork(after_in_child=_after_fork_in_child)


def run_isolated(func: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Call ``func`` here, or in a spawned process when this one was forked from TensorFlow."""
    if not _forked_with_tensorflow:
        return func(*args, **kwargs)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(func, *args, **kwargs).result()
