"""Every model in ``keras.applications`` renders diagram and summary, in HTML and LaTeX.

One Sphinx project with a page per application, built for HTML and then for LaTeX from the same
environment: each model is read once, in this process, and ``dot`` runs for every diagram in
both formats. Keras's own numbers are taken once per model too.
"""

from __future__ import annotations

import re
from pathlib import Path

import keras
import pytest
from sphinx.testing.util import SphinxTestApp

from support.builds import page_per_model
from support.output import graph_sources

APPLICATIONS = sorted(name for name in dir(keras.applications) if name[0].isupper())


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pages = {name: f".. keras-model:: keras.applications.{name}(weights=None)\n"
                   "   :caption: The model." for name in APPLICATIONS}
    return page_per_model(tmp_path_factory.mktemp("zoo"), "zoo", "kerasviz_show_params = True\n",
                          pages)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("zoo-out")


def build(builder: str, source: Path, out: Path) -> SphinxTestApp:
    app = SphinxTestApp(builder, srcdir=source, builddir=out)  # one doctree directory
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="module")
def html(zoo: Path, out: Path) -> SphinxTestApp:
    return build("html", zoo, out)


@pytest.fixture(scope="module")
def latex(zoo: Path, out: Path, html: SphinxTestApp) -> SphinxTestApp:
    return build("latex", zoo, out)  # after the HTML build: its environment is reused


@pytest.fixture(scope="module")
def reference() -> dict[str, tuple[set[str], int]]:
    """Every application's layer names and parameter count, as Keras reports them."""
    numbers = {}
    for name in APPLICATIONS:
        keras.backend.clear_session()
        model = getattr(keras.applications, name)(weights=None)
        numbers[name] = ({layer.name for layer in model.layers}, model.count_params())
    keras.backend.clear_session()
    return numbers


def test_the_zoo_builds_without_a_warning(html: SphinxTestApp, latex: SphinxTestApp) -> None:
    assert html.warning.getvalue() == ""
    assert latex.warning.getvalue() == ""


@pytest.mark.parametrize("name", APPLICATIONS)
def test_every_application_in_html(html: SphinxTestApp, reference, name: str) -> None:
    layers, total = reference[name]
    page = (html.outdir / f"{name}.html").read_text()
    (image,) = graph_sources(page)
    svg = (html.outdir / image).read_text()
    drawn = set(re.findall(r'<g id="node\d+" class="node[^"]*">\s*<title>([^<]+)</title>', svg))
    assert layers <= drawn
    assert re.search(rf"Total params.*?{total:,}", page, re.S)


@pytest.mark.parametrize("name", APPLICATIONS)
def test_every_application_in_latex(latex: SphinxTestApp, reference, name: str) -> None:
    tex = (latex.outdir / "zoo.tex").read_text()
    assert f"{reference[name][1]:,}" in tex
    pdfs = re.findall(r"\\sphinxincludegraphics[^{]*\{\{(kerasviz-[^}]+)\}\.pdf\}", tex)
    assert all((latex.outdir / f"{pdf}.pdf").is_file() for pdf in pdfs)
    # one picture per application; a big one in parts (labels of 6 pt), each with its pieces
    sections = tex.split("%% sphinx-kerasviz: ")[1:]
    assert len(sections) == len(APPLICATIONS)
    assert all("\\sphinxincludegraphics" in section for section in sections)
