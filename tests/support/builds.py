"""Running builds: a test root copied and built in this process, ``sphinx-build`` and Python in
fresh processes, and LaTeX compiled to PDF."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from support.paths import MODELS

DRIVER = """
import json, sys
from sphinx.cmd.build import build_main
from sphinx_kerasviz.readers import service
status = build_main(sys.argv[1:])
print(json.dumps({"status": status, "readers": service.pool().started,
                  "keras": "keras" in sys.modules, "tensorflow": "tensorflow" in sys.modules}))
"""


@contextmanager
def built_copy(rootdir: Path, tmp: Path, root: str, builder: str,
               **kwargs: object) -> Iterator[SphinxTestApp]:
    """The test root ``test-<root>`` copied into ``tmp`` and built once with ``builder``."""
    srcdir = tmp / root
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    app = SphinxTestApp(builder, srcdir=srcdir, **kwargs)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def build_clean(builder: str, srcdir: Path, files: dict[str, str]) -> Path:
    """Write ``files`` into ``srcdir``, build it with ``builder`` in this process and check that
    nothing warned; the output directory."""
    for name, text in files.items():
        (srcdir / name).write_text(text)
    app = SphinxTestApp(builder, srcdir=srcdir)
    try:
        app.build()
        assert app.warning.getvalue() == "", app.warning.getvalue()
        return app.outdir
    finally:
        app.cleanup()


def page_per_model(source: Path, project: str, conf: str, pages: dict[str, str]) -> Path:
    """A Sphinx project in ``source``: ``conf`` lines after the extension, and a page (in the
    index's toctree) per ``name: directive`` of ``pages``."""
    (source / "conf.py").write_text(f'extensions = ["sphinx_kerasviz"]\nproject = "{project}"\n'
                                    + conf)
    toctree = "\n".join(f"   {name}" for name in pages)
    title = project.capitalize()
    (source / "index.rst").write_text(f"{title}\n{'=' * len(title)}\n\n.. toctree::\n\n"
                                      f"{toctree}\n")
    for name, directive in pages.items():
        (source / f"{name}.rst").write_text(f"{name}\n{'=' * len(name)}\n\n{directive}\n")
    return source


def sphinx_build(source: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m sphinx -b html`` in a fresh process, the test models importable."""
    env = {**os.environ, "PYTHONPATH": str(MODELS)}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "--no-color", *args, "-b", "html", str(source),
         str(out)], capture_output=True, text=True, env=env, check=False,
    )


def build_in_subprocess(source: Path, *args: str) -> dict:
    """Build to ``../out``; how many model readers it started, and the pages Sphinx read.
    Sphinx's own process never imports Keras or TensorFlow."""
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, "--no-color", "-b", "html", *args, str(source),
         str(source.parent / "out")],
        capture_output=True, text=True, check=False, timeout=600,
    )
    report = json.loads(result.stdout.splitlines()[-1])
    assert report.pop("status") == 0, result.stderr[-3000:]
    assert (report.pop("keras"), report.pop("tensorflow")) == (False, False)
    assert "WARNING" not in result.stderr, result.stderr
    report["read"] = sorted(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", result.stdout))
    return report


def prose_edit_rebuild(project: Path, tmp: Path) -> Path:
    """A copy of ``project`` without its ``bad`` page, built cold (models read), then again
    after an edit of the prose of ``good``: that warm build starts no reader and reads only
    ``good``. The copy's source directory (output in ``../out``)."""
    source = tmp / "src"
    shutil.copytree(project, source, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    (source / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   good\n")
    (source / "bad.rst").unlink()
    cold = build_in_subprocess(source)
    assert cold["readers"]
    page = source / "good.rst"
    page.write_text(page.read_text().replace("Some prose.", "More prose."))
    warm = build_in_subprocess(source)
    assert warm == {"readers": 0, "read": ["good"]}
    return source


def compile_pdf(outdir: Path) -> Path:
    """Compile a LaTeX build with its Makefile (latexmk); the PDF."""
    result = subprocess.run(["make", "-C", str(outdir)], capture_output=True, text=True,
                            timeout=600, check=False)
    pdf = next(outdir.glob("*.tex")).with_suffix(".pdf")
    assert result.returncode == 0 and pdf.is_file(), result.stdout[-3000:]
    return pdf


def python_output(script: str, timeout: float = 300) -> str:
    """The last line ``script`` prints when run by a fresh Python (this test run's path)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, check=True, timeout=timeout)
    return result.stdout.strip().splitlines()[-1]
