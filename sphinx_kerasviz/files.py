"""Files: output written beside its place and moved in whole (never half-written), named by
its content; and telling a file name from a dotted Python path in an argument."""

from __future__ import annotations

import hashlib
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


def content_name(key: str, fmt: str, kind: str = "") -> str:
    """``kerasviz-[<kind>-]<sha1 of key>.<fmt>``: an output file named after what it shows."""
    prefix = f"kerasviz-{kind}-" if kind else "kerasviz-"
    return f"{prefix}{hashlib.sha1(key.encode()).hexdigest()}.{fmt}"


#: The files the explain directives read as ``:input:`` or ``:data:``.
IMAGES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")
ARRAYS = (".npy", ".npz", ".csv")


def is_file_name(text: str) -> bool:
    """A file name (ends with a known suffix or has a slash), not a dotted Python path."""
    return "/" in text or "\\" in text or Path(text).suffix.lower() in IMAGES + ARRAYS
