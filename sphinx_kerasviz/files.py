"""Output files are written beside their place and moved in whole: never half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def temp_beside(path: Path) -> Iterator[Path]:
    """A private temporary file next to ``path``, removed on exit unless :func:`publish`-ed."""
    fd, name = tempfile.mkstemp(prefix=".kerasviz-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def publish(tmp: Path, path: Path) -> None:
    """Move a finished temporary file to ``path``, readable by a web server."""
    tmp.chmod(0o644)  # mkstemp makes it private
    os.replace(tmp, path)
