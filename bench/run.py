"""Time the docs builds that users wait for: cold, warm (nothing changed), one page edited.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py``). Prints a table of seconds;
benchmarks are not tests, so nothing here fails on a slow machine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def build(srcdir: Path, outdir: Path, *extra: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", *extra, str(srcdir), str(outdir)],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        srcdir = Path(tmp) / "docs"
        shutil.copytree(DOCS, srcdir, ignore=shutil.ignore_patterns("_build"))
        outdir = Path(tmp) / "html"
        rows = [("cold build (reads every model)", build(srcdir, outdir))]
        rows.append(("warm rebuild, nothing changed", build(srcdir, outdir)))
        page = srcdir / "markdown.md"
        page.write_text(page.read_text() + "\n")
        rows.append(("rebuild after editing one page", build(srcdir, outdir)))
        rows.append(("cold build with -j 2", build(srcdir, Path(tmp) / "html-j2", "-j", "2")))
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:6.1f} s")


if __name__ == "__main__":
    main()
