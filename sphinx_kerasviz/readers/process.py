"""A child process started with ``posix_spawn``, never with ``fork``.

``subprocess.Popen`` waits for its child to ``exec`` on a pipe that a ``fork`` made by another
thread at that moment keeps open; ``sphinx-build -j N`` forks its readers of pages while ours
start, so Popen could wait forever. ``posix_spawn`` has no such pipe.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
from collections.abc import Mapping, Sequence

FIRST_FREE_FD = 10


class Process:
    """``argv`` run with ``env``; ``fds`` maps the child's descriptor numbers to ours."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], fds: Mapping[int, int]) -> None:
        actions: list[tuple[object, ...]] = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0)]
        moved = []
        for child_fd, our_fd in fds.items():
            # a descriptor already numbered child_fd would keep its close-on-exec flag
            spare = fcntl.fcntl(our_fd, fcntl.F_DUPFD_CLOEXEC, FIRST_FREE_FD)
            moved.append(spare)
            actions.append((os.POSIX_SPAWN_DUP2, spare, child_fd))
        try:
            self.pid = os.posix_spawn(argv[0], list(argv), dict(env), file_actions=actions)
        finally:
            for spare in moved:
                os.close(spare)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The exit status (negative: the signal that ended it), or None while it runs."""
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self) -> int:
        if self.returncode is None:
            _pid, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
