"""Real Sphinx HTML builds: what the reader sees in the page and in the SVG files."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import keras
import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from sphinx_kerasviz.views import formatting as fmt

import kerasviz_test_models as models
from support.builds import sphinx_build
from support.output import check_pages_equal, graph_sources, kerasviz_warnings, svg_files

BASIC_MODELS = ["sequential_cnn", "branched", "multi_io", "nested", "shared", "with_ops",
                "recurrent", "awkward_names", "MODEL"]


def svg_text(path: Path) -> str:
    """All text an SVG shows (labels and <title>s), unescaped."""
    return "\n".join(ET.parse(path).getroot().itertext())


def wrappers(page: str) -> list[str]:
    """The HTML of each directive's output, in page order."""
    return re.findall(r'<div[^>]*class="kerasviz[ "].*?</table>\s*</div>', page, re.S)


def footer_total(block: str) -> str:
    match = re.search(r"<td[^>]*><p>Total params</p></td>\s*(?:<td[^>]*></td>\s*)*"
                      r'<td class="kerasviz-number"><p>([^<]+)</p>', block)
    assert match, block[-2000:]
    return match.group(1)


@pytest.mark.sphinx("html", testroot="basic")
def test_every_layer_in_its_diagram_and_totals(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = (app.outdir / "index.html").read_text()
    blocks = wrappers(page)
    assert len(blocks) == len(BASIC_MODELS)
    for name, block in zip(BASIC_MODELS, blocks, strict=True):
        keras.backend.clear_session()  # the names Keras gives in a fresh session, as the build
        if name == "MODEL":
            model = models.MODEL
        else:
            kwargs = {"num_classes": 7} if name == "sequential_cnn" else {}
            model = getattr(models, name)(**kwargs)
        assert footer_total(block).startswith(fmt.count(model.count_params()) + " (")
        sources = graph_sources(block)
        if name == "MODEL":  # :views: summary
            assert sources == []
            continue
        text = svg_text(app.outdir / sources[0])
        for layer in model.layers:
            assert layer.name in text, (name, layer.name)
            escaped = html.escape(layer.name, quote=False).replace('"', "&quot;")
            assert f"<p>{escaped} (" in block.replace("<wbr />", "")  # Keras's name (Type)


@pytest.mark.sphinx("html", testroot="basic")
def test_page_structure(app: SphinxTestApp) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text()
    # caption + name: a numbered figure that :numref: reaches, inside the kerasviz wrapper
    assert re.search(r'<div class="kerasviz" data-model="cnn">\s*<figure class="align-center" '
                     r'id="fig-cnn">', page)
    assert ('<span class="caption-number">Fig. 1 </span><span class="caption-text">A small CNN.'
            in page)
    assert re.search(r'<a class="reference internal" href="#fig-cnn"><span class="std std-numref">'
                     r"Fig\. 1</span></a>", page)
    # generated alt text names the model, its size and its shapes
    assert ('alt="Keras model cnn (Sequential): 6 layers, 38,311 parameters (38,247 trainable); '
            'input (None, 28, 28, 1); output (None, 7)."') in page
    assert '<table class="kerasviz-summary kerasviz-tabular docutils align-default">' in page
    assert page.count('<tr class="kerasviz-total row-') == 3 * len(BASIC_MODELS)
    assert '<link rel="stylesheet" type="text/css" href="_static/kerasviz.css' in page
    assert (app.outdir / "_static" / "kerasviz.css").is_file()
    # Connected to for functional models, not for Sequential; options reach the diagram
    blocks = wrappers(page)
    assert "Connected to" not in blocks[0] and "Connected to" in blocks[1]
    multi_io = svg_text(app.outdir / graph_sources(blocks[2])[0])
    assert "float32" in multi_io
    with_ops = svg_text(app.outdir / graph_sources(blocks[5])[0])
    assert "relu" in with_ops and "params" in with_ops and "<lambda>" in with_ops
    nested = svg_text(app.outdir / graph_sources(blocks[3])[0])
    assert "enc_hidden" in nested and "trainable" in nested


@pytest.mark.sphinx("html", testroot="basic")
def test_awkward_names_are_escaped(app: SphinxTestApp) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text()
    block = wrappers(page)[7]
    assert "<p>dense_&lt;b&gt;&amp; (Dense)</p>" in block and "dense_<b>" not in block
    assert 'data-model="awk&amp;&lt;ward&gt;"' in page
    svg = svg_text(app.outdir / graph_sources(block)[0])  # parses, so the XML is well formed
    for name in ("in<put>", "dense_<b>&", 'q"uote\\back', "tex_&%$#{}~^"):
        assert name in svg


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"kerasviz_output_format": "png"},
                    srcdir="basic-png")
def test_png_output(app: SphinxTestApp) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text()
    sources = graph_sources(page)
    assert len(sources) == 8 and all(s.endswith(".png") for s in sources)
    assert (app.outdir / sources[0]).read_bytes().startswith(b"\x89PNG")


def test_two_builds_give_identical_files(make_app, tmp_path: Path, rootdir: Path) -> None:
    outputs = []
    for run in ("one", "two"):
        import shutil

        srcdir = tmp_path / run
        shutil.copytree(rootdir / "test-basic", srcdir)
        app = make_app("html", srcdir=srcdir)
        app.build()
        outputs.append(svg_files(app.outdir))
    assert len(outputs[0]) == 8 + 1  # and the overview of the wide one (multi_io, LR)
    assert len([name for name in outputs[0] if name.startswith("kerasviz-overview-")]) == 1
    assert outputs[0] == outputs[1]


def check_parallel_output(outdir: Path) -> None:
    for number in range(1, 9):
        page = (outdir / f"p{number}.html").read_text()
        assert len(graph_sources(page)) == 1
        assert (outdir / graph_sources(page)[0]).is_file()


def test_parallel_build_from_the_command_line(rootdir: Path, tmp_path: Path) -> None:
    """``sphinx-build -j 2`` as users run it: workers import Keras themselves; the output is
    the same as with ``-j 1``."""
    result = sphinx_build(rootdir / "test-parallel", tmp_path / "out", "-j", "2")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    stdout = strip_escape_sequences(result.stdout)  # CI may force colour
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", stdout)  # chunks
    check_parallel_output(tmp_path / "out")
    assert sphinx_build(rootdir / "test-parallel", tmp_path / "serial", "-j", "1").returncode == 0
    check_pages_equal(tmp_path / "out", tmp_path / "serial", [f"p{n}" for n in range(1, 9)])


@pytest.mark.sphinx("html", testroot="parallel", parallel=2)
def test_parallel_build_forked_from_tensorflow(app: SphinxTestApp) -> None:
    """This test process has TensorFlow loaded: forked workers read models in a fresh process."""
    import tensorflow  # noqa: F401

    assert app.parallel == 2
    app.build()
    assert app.warning.getvalue() == ""
    check_parallel_output(app.outdir)


@pytest.mark.sphinx("html", testroot="myst")
def test_myst(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = (app.outdir / "index.html").read_text()
    assert 'id="fig-branched"' in page and "<em>branched</em>" in page
    assert re.search(r'href="#fig-branched"><span class="std std-numref">Fig\. 1</span>', page)
    svg = svg_text(app.outdir / graph_sources(page)[0])
    assert "float32" in svg and "merge" in svg


@pytest.mark.sphinx("html", testroot="templates")
def test_project_templates_override_and_escape(app: SphinxTestApp) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text()
    assert '<figure class="my-diagram kerasviz-graph" data-format="svg">' in page
    assert ('alt="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more"' in page)
    assert "<script>alert" not in page
    assert '<div class="kerasviz" data-model="branched">' in page  # shipped wrapper still used


@pytest.mark.sphinx("html", testroot="deps")
def test_editing_the_factory_module_rereads_the_page(app: SphinxTestApp) -> None:
    app.build()
    module = Path(app.srcdir, "deps_models.py")
    later = time.time() + 5
    os.utime(module, (later, later))
    _added, changed, _removed = app.env.get_outdated_files(config_changed=False)
    assert changed == {"index"}


def test_keras_is_not_imported_at_start_up(rootdir: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from sphinx.cmd.build import build_main\n"
        f"status = build_main(['-q', '-b', 'html', {str(rootdir / 'test-nomodel')!r}, "
        f"{str(tmp_path / 'out')!r}])\n"
        "print(status, 'keras' in sys.modules, 'tensorflow' in sys.modules,"
        " 'matplotlib' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["0", "False", "False", "False"]


@pytest.mark.parametrize("builder", ["text", "singlehtml", "dirhtml", "epub", "man", "texinfo",
                                     "xml"])
def test_other_builders(make_app, rootdir: Path, tmp_path: Path, builder: str) -> None:
    import shutil

    srcdir = tmp_path / builder
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app(builder, srcdir=srcdir)
    app.build()
    assert kerasviz_warnings(app.warning.getvalue()) == []
    if builder != "epub":  # epub warns about this project's empty copyright and version
        assert app.warning.getvalue() == ""
    if builder == "text":
        text = (app.outdir / "index.txt").read_text()
        assert "[Keras model cnn (Sequential): 6 layers, 38,311 parameters" in text
        row = re.search(r"(\| Total params.*?)\n\+", text, re.S).group(1)
        param_cell = " ".join(" ".join(line.split("|")[3].split()) for line in row.splitlines())
        assert param_cell.strip() == "38,311 (149.65 KB)"
        assert "max_pooling2d" in text
