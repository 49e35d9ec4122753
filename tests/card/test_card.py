"""Model cards: ``.. keras-model-card::`` in real HTML and LaTeX builds, validation with lines,
the ``kerasviz card`` command and a rebuild after the metrics file changes.

The card (``tests/card/card.yaml``) describes the demo digits CNN; its generated sections use
the demo's trained model, training log and test images (``docs/_static``).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import keras
import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz.card.metrics import read_metrics
from sphinx_kerasviz.cli import main as cli

from support.builds import compile_pdf
from support.output import kerasviz_warnings, latex_plot_pdfs, pdf_text
from support.paths import DOCS

DATA = Path(__file__).parent  # card.yaml and metrics.json, beside this test
SECTIONS = ("Model details", "Intended use", "Out-of-scope use", "Model parameters",
            "Training and evaluation data", "Architecture", "Quantitative analysis",
            "Training history", "Weight distributions", "Explanations", "Limitations",
            "Trade-offs", "Ethical considerations")
NAME = 'Digits CNN <small> & "quick" 100%_$'
BAD = """model_details:
  name: Broken card
  colour: blue
  version:
    name: [1, 2]
quantitative_analysis:
  performance_metrics:
    - type: accuracy
      value: high
    - value: 0.5
considerations:
  limitations: not a list
kerasviz:
  explanations:
    - directive: heatmap
      target: explain/digits_cnn.keras
"""
BAD_PROBLEMS = [  # line, field, words
    (3, "model_details.colour", "unknown field"),
    (5, "model_details.version.name", "expected text, got a list"),
    (9, "quantitative_analysis.performance_metrics[0].value", "expected a number, got 'high'"),
    (10, "quantitative_analysis.performance_metrics[1].type", "required field missing"),
    (12, "considerations.limitations", "expected a list, got 'not a list'"),
    (15, "kerasviz.explanations[0].directive", "expected one of activations, saliency"),
]


def card_source(root: Path, page: str = ".. keras-model-card:: card.yaml\n") -> Path:
    source = root / "src"
    source.mkdir(parents=True)
    for name in ("card.yaml", "metrics.json"):
        shutil.copy(DATA / name, source / name)
    shutil.copytree(DOCS / "_static" / "explain", source / "explain")
    shutil.copy(DOCS / "_static" / "training" / "history.csv", source / "history.csv")
    card = source / "card.yaml"
    card.write_text(card.read_text().replace("training/history.csv", "history.csv"))
    (source / "conf.py").write_text(
        "extensions = ['sphinx_kerasviz']\nnumfig = True\n"
        "latex_documents = [('index', 'card.tex', 'Card', 'k', 'manual')]\n")
    (source / "index.rst").write_text(f"Cards\n=====\n\n{page}\nAfter the card.\n")
    return source


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    root = tmp_path_factory.mktemp("card")
    app = SphinxTestApp("html", srcdir=card_source(root), builddir=root / "build")
    app.build()
    yield app
    app.cleanup()


def card_html(app: SphinxTestApp) -> str:
    page = (app.outdir / "index.html").read_text()
    return page[page.index("<article"):page.index("</article>")]


def cells(table: str) -> list[list[str]]:
    return [re.findall(r"<t[dh][^>]*><p>(.*?)</p>", row)
            for row in re.findall(r"<tr.*?</tr>", table, flags=re.S)]


def test_every_section_is_shown_in_order_and_escaped(html: SphinxTestApp) -> None:
    assert kerasviz_warnings(html.warning.getvalue()) == []
    card = card_html(html)
    titles = re.findall(r'<p class="rubric">(.*?)</p>', card)
    assert titles == list(SECTIONS)
    assert '<p class="kerasviz-card-title">Digits CNN &lt;small&gt; &amp; &#34;quick&#34; ' \
        "100%_$</p>" in card
    assert "Version 1.0 · 2026-11-28 · The kerasviz team · Licence: Apache-2.0" in card
    for kind in ("kerasviz-graph", "kerasviz-summary", "kerasviz-history",
                 "kerasviz-weights", "kerasviz-gradcam"):
        assert kind in card, kind
    assert "Grad-CAM of a test image." in card
    assert "After the card." in (html.outdir / "index.html").read_text()


def test_every_number_equals_its_source(html: SphinxTestApp) -> None:
    card = card_html(html)
    table = card[card.index('<table class="kerasviz-card-metrics'):]
    rows = cells(table[:table.index("</table>")])
    written = json.loads((DATA / "metrics.json").read_text())["metrics"]
    expected = [["Metric", "Value", "Slice", "95% interval"],
                ["train accuracy", "0.995", "all", "\u2013"]]
    for m in written:
        ci = m.get("confidence_interval")
        expected.append([m["type"], repr(m["value"]), m.get("slice", "all"),
                         f"{ci['lower_bound']!r} to {ci['upper_bound']!r}" if ci else "\u2013"])
    assert rows == expected
    model = keras.saving.load_model(DOCS / "_static" / "explain" / "digits_cnn.keras")
    assert f"<p>{model.count_params():,} (" in card  # the summary's total, as Keras counts
    assert "1500 examples" in card and "297 examples" in card


def test_latex_pdf_holds_every_section_and_number(tmp_path: Path) -> None:
    source = card_source(tmp_path)
    app = SphinxTestApp("latex", srcdir=source, builddir=tmp_path / "build")
    try:
        app.build()
        assert len(latex_plot_pdfs(app.outdir)) == 4  # diagram, history, weights, Grad-CAM
        text = " ".join(pdf_text(compile_pdf(app.outdir), "-layout").split())  # rows in order
        for title in (*SECTIONS, NAME, "Apache-2.0", "Grad-CAM of a test image.",
                      "train accuracy 0.995 all", "1500 examples", "297 examples"):
            assert title in text, title
        written = json.loads((DATA / "metrics.json").read_text())["metrics"]
        for m in written:  # each row of the metrics table, as pdftotext reads it
            ci = m.get("confidence_interval")
            row = f"{m['type']} {m['value']!r} {m.get('slice', 'all')} " + (
                f"{ci['lower_bound']!r} to {ci['upper_bound']!r}" if ci else "\u2013")
            assert row in text, row
    finally:
        app.cleanup()


def test_problems_name_field_and_line_and_the_card_is_still_shown(tmp_path: Path) -> None:
    source = card_source(tmp_path)
    (source / "card.yaml").write_text(BAD)
    app = SphinxTestApp("html", srcdir=source, builddir=tmp_path / "build")
    try:
        app.build()
        found = kerasviz_warnings(app.warning.getvalue())
        assert len(found) == len(BAD_PROBLEMS), "\n".join(found)
        for line, (number, field, words) in zip(found, BAD_PROBLEMS, strict=True):
            assert f"card.yaml:{number}: WARNING: keras-model-card card.yaml: {field}: " \
                in line, line
            assert words in line and "[kerasviz.card]" in line, line
        card = card_html(app)
        assert "Broken card" in card and "Quantitative analysis" not in card
    finally:
        app.cleanup()


def test_a_bad_generated_section_warns_once(tmp_path: Path) -> None:
    source = card_source(tmp_path)
    (source / "card.yaml").write_text(
        "model_details:\n  name: Odd options\nkerasviz:\n  explanations:\n"
        "    - directive: saliency\n      target: explain/digits_cnn.keras\n"
        "      options:\n        Bad Name: x\n")
    app = SphinxTestApp("html", srcdir=source, builddir=tmp_path / "build")
    try:
        app.build()
        (found,) = kerasviz_warnings(app.warning.getvalue())
        assert "index.rst:4:" in found and "[kerasviz.card]" in found
        assert "keras-saliency: 'Bad Name' is not an option name" in found
        assert "Odd options" in card_html(app)
    finally:
        app.cleanup()


def test_missing_or_broken_card_gives_one_located_warning(tmp_path: Path) -> None:
    page = ".. keras-model-card:: nowhere.yaml\n\n.. keras-model-card:: broken.yaml\n"
    source = card_source(tmp_path, page)
    (source / "broken.yaml").write_text("model_details: [unclosed\n")
    app = SphinxTestApp("html", srcdir=source, builddir=tmp_path / "build")
    try:
        app.build()
        found = kerasviz_warnings(app.warning.getvalue())
        assert len(found) == 2
        assert "index.rst:4:" in found[0] and "cannot read nowhere.yaml" in found[0]
        assert "index.rst:6:" in found[1] and "broken.yaml is not YAML (line 2)" in found[1]
        assert "After the card." in (app.outdir / "index.html").read_text()
    finally:
        app.cleanup()


def test_a_changed_metrics_file_shows_its_new_numbers(tmp_path: Path) -> None:
    source = card_source(tmp_path)
    card = source / "card.yaml"
    card.write_text(card.read_text().replace("metrics_file: metrics.json",
                                             "metrics_file: metrics.csv"))
    metrics = source / "metrics.csv"
    metrics.write_text("type,value,slice,lower_bound,upper_bound\naccuracy,0.9512,,0.93,0.97\n")
    assert read_metrics(metrics) == [{"type": "accuracy", "value": 0.9512, "confidence_interval":
                                      {"lower_bound": 0.93, "upper_bound": 0.97}}]
    for value, interval in (("0.9512", "0.93 to 0.97"), ("0.9634", "0.95 to 0.98")):
        if value == "0.9634":
            metrics.write_text(f"type,value,slice,lower_bound,upper_bound\n"
                               f"accuracy,{value},,0.95,0.98\n")
        app = SphinxTestApp("html", srcdir=source, builddir=tmp_path / "build")
        try:
            app.build()
            page = card_html(app)
            assert f'<td class="kerasviz-number"><p>{value}</p></td>' in page and interval in page
        finally:
            app.cleanup()


def test_command_line_builds_html_and_pdf_and_exits_2_on_problems(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = card_source(tmp_path / "project")
    out = source / "public"  # inside the card's directory: not copied into itself
    assert cli(["card", str(source / "card.yaml"), "-o", str(out)]) == 0
    page = (out / "html" / "index.html").read_text()
    assert "kerasviz-card-title" in page and "0.9831" in page
    text = " ".join(pdf_text(out / "card.pdf").split())
    assert "Quantitative analysis" in text and "0.9712 to 0.9904" in text
    capsys.readouterr()
    bad = source / "bad.yaml"
    bad.write_text(BAD)
    assert cli(["card", str(bad), "-o", str(tmp_path / "x"), "--check"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"kerasviz: error: {bad}:{n}: {field}: {words}" + rest
                     for (n, field, words), rest in zip(BAD_PROBLEMS, [
                         " (known here: citations, documentation, licenses, name, overview, "
                         "owners, path, references, version)", "", "", "", "",
                         ", gradcam, activation-max, decision-boundary, got 'heatmap'"],
                         strict=True)]
    assert cli(["card", str(bad), "-o", str(tmp_path / "x")]) == 2
    assert not (tmp_path / "x").exists()  # nothing built from a card with problems
    assert cli(["card", str(source / "nowhere.yaml"), "-o", str(tmp_path / "y")]) == 2
    assert "cannot read nowhere.yaml" in capsys.readouterr().err
    assert cli(["card", str(source / "card.yaml"), "--check"]) == 0
    assert cli(["card", str(source / "card.yaml")]) == 2  # no -o
    assert "give the directory to write with -o DIR" in capsys.readouterr().err


def test_a_project_template_frames_the_card(tmp_path: Path) -> None:
    source = card_source(tmp_path, ".. keras-model-card:: card.yaml\n   :class: mine\n")
    (source / "_templates" / "kerasviz").mkdir(parents=True)
    (source / "_templates" / "kerasviz" / "card.html.jinja").write_text(
        '<section class="{{ classes | join(" ") }}"><h3>Card of {{ title }} '
        "({{ licenses | join('/') }})</h3>{{ content }}</section>\n")
    conf = source / "conf.py"
    conf.write_text(conf.read_text() + "templates_path = ['_templates']\n")
    app = SphinxTestApp("html", srcdir=source, builddir=tmp_path / "build")
    try:
        app.build()
        page = (app.outdir / "index.html").read_text()
        assert '<section class="kerasviz kerasviz-card mine"><h3>Card of Digits CNN ' \
               "&lt;small&gt; &amp; &#34;quick&#34; 100%_$ (Apache-2.0)</h3>" in page
        assert "Quantitative analysis" in page and "<article" not in page
    finally:
        app.cleanup()
