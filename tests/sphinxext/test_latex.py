"""LaTeX: vector PDF diagrams, real long tables, literal names, and a real latexmk compile."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

import kerasviz_test_models as models
from support.builds import built_copy, compile_pdf
from support.output import kerasviz_warnings, pdf_text

AWKWARD = ["in<put>", "dense_<b>&", "tex_&%$#{}~^", "q\"uote\\back"]


def pdftotext(path: Path) -> str:
    return pdf_text(path, "-layout")


@pytest.fixture(scope="module")
def latex_build(rootdir: Path, tmp_path_factory) -> Iterator[SphinxTestApp]:
    """One LaTeX build of the basic project, shared by this module's tests."""
    with built_copy(rootdir, tmp_path_factory.mktemp("latex"), "basic", "latex") as app:
        yield app


@pytest.fixture(scope="module")
def compiled(latex_build: SphinxTestApp) -> Path:
    return compile_pdf(latex_build.outdir)


def test_tex_uses_vector_diagrams_and_long_tables(latex_build: SphinxTestApp) -> None:
    assert latex_build.warning.getvalue() == ""
    tex = next(latex_build.outdir.glob("*.tex")).read_text()
    graphics = re.findall(r"\\sphinxincludegraphics\{\{(kerasviz-[0-9a-f]{40})\}\.pdf\}", tex)
    assert len(graphics) == 9  # multi_io, too wide for 6 pt labels, prints in two parts
    for stem in graphics:
        pdf = latex_build.outdir / f"{stem}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                                text=True, check=True).stdout.splitlines()
        assert len(images) == 2, images  # the header only: no raster image inside
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout.splitlines()
        assert len(fonts) > 2, fonts  # real text with embedded fonts
    # short tables stay in one piece (tests/sphinxext/test_tables_pdf.py), ragged, never wider
    assert tex.count(r"\begin{longtable}") == 0
    assert tex.count(r"\begin{tabular}[t]{>{\raggedright\arraybackslash") == 9
    assert r"\begin{figure}" in tex and r"\label{\detokenize{index:fig-cnn}}" in tex
    assert r"\csname spx@image@maxheight\endcsname=\dimen0" in tex
    assert r"\ifdim\dimen0>0.85\textheight\dimen0=0.85\textheight\fi" in tex
    assert r"dense\_\textless{}b\textgreater{}\&" in tex


def test_diagram_pdfs_hold_every_layer_name(latex_build: SphinxTestApp) -> None:
    tex = next(latex_build.outdir.glob("*.tex")).read_text()
    stems = re.findall(r"\{\{(kerasviz-[0-9a-f]{40})\}\.pdf\}", tex)
    awkward = pdftotext(latex_build.outdir / f"{stems[8]}.pdf")
    for name in AWKWARD:
        assert name in awkward
    nested = pdftotext(latex_build.outdir / f"{stems[4]}.pdf")
    for layer in models.nested().layers:
        assert layer.name in nested


def test_pdf_compiles_with_literal_names_and_totals(compiled: Path) -> None:
    text = pdftotext(compiled)
    flat = re.sub(r"\s+", " ", text)
    for name in AWKWARD:
        assert name in flat, name
    assert f"{models.sequential_cnn(num_classes=7).count_params():,}" in flat
    assert "Total params" in flat and "Non-trainable params" in flat
    assert "Fig. 1: A small CNN." in flat


def test_tall_diagrams_fit_the_page(rootdir: Path, tmp_path: Path) -> None:
    """A 200-layer chain is taller than TeX can measure; below a heading it must still fit."""
    srcdir = tmp_path / "tall"
    shutil.copytree(rootdir / "test-tall", srcdir)
    app = SphinxTestApp("latex", srcdir=srcdir)
    try:
        app.build()
        # Only the diagram laid out for print (:width:) and shrunk on request (:fit: shrink)
        # warns; the others too tall for 6 pt labels continue over several pages.
        (warning,) = kerasviz_warnings(app.warning.getvalue())
        assert "index.rst:10: WARNING: keras-model tall: labels print at " in warning
        assert "(under 6 pt); try :wrap: N" in warning and "[kerasviz.legibility]" in warning
        result = subprocess.run(["make", "-C", str(app.outdir)], capture_output=True, text=True,
                                timeout=600, check=False)
        log = (app.outdir / "tall.log").read_text(errors="replace")
        assert result.returncode == 0, log[-3000:]
        assert "Dimension too large" not in log and "Overfull \\vbox" not in log
        assert "Fig. 1: In a figure." in re.sub(r"\s+", " ", pdftotext(app.outdir / "tall.pdf"))
    finally:
        app.cleanup()
