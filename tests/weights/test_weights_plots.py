"""What the weight plots show, measured on the drawn figures: filled ridges that never overlap,
constant weights labelled on axes that fit them, statistics outside the bars, round integer
epochs, kind colours apart from training/validation, and text above the legibility floor.

The weights are real: a fresh seeded Keras model (zero biases, batch normalization's ones and
zeros) and the docs' ``weight_history.json``, written by a real 30-epoch training.
"""

from __future__ import annotations

import itertools
import re
from functools import partial
from pathlib import Path

import keras
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from matplotlib.patches import StepPatch
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz.drawing.figures import MAX_HEIGHT
from sphinx_kerasviz.history.plot import TRAIN, VALIDATION
from sphinx_kerasviz.weights import file as weight_file
from sphinx_kerasviz.weights.data import distribution, model_weights
from sphinx_kerasviz.weights.plots import (
    COLORS,
    WeightsOverTimePlot,
    WeightsPlot,
    layer_parts,
)

from support.builds import compile_pdf
from support.contrast import contrast_ratio
from support.output import latex_plot_pdfs, pdf_text
from support.plot_checks import (
    HTML_FLOOR_PX,
    PDF_FLOOR_PT,
    extent,
    hue_apart,
    laid_out,
    printed_sizes,
    texts,
)

HISTORY = Path(__file__).parents[2] / "docs" / "_static" / "training" / "weight_history.json"


@pytest.fixture(scope="module")
def fresh() -> tuple:
    """The items of a fresh seeded CNN: kernels, zero biases, batch normalization."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(16, 3, name="conv1"),
        keras.layers.BatchNormalization(name="norm"),
        keras.layers.Flatten(),
        keras.layers.Dense(10, name="classes"),
    ], name="fresh")
    pairs = model_weights(model.weights, {id(v) for v in model.trainable_weights})
    return tuple((info, (distribution(np.asarray(v)),)) for info, v in pairs)


@pytest.fixture(scope="module")
def recorded() -> weight_file.WeightHistoryData:
    return weight_file.read(HISTORY)


def over_time(history: weight_file.WeightHistoryData, style: str,
              first: int = 0) -> WeightsOverTimePlot:
    """The recorded epochs from ``first`` on (TensorBoard logs start at epoch 1)."""
    start = history.epochs.index(first)
    items = tuple((info, series[start:]) for info, series in
                  zip(history.weights, history.series, strict=True))
    return WeightsOverTimePlot.of(history.model, style, history.epochs[start:], items)


def ridges(ax) -> dict[str, list]:
    """The artists of each ridge by its id: a filled histogram, or a constant weight's spike
    (a line and its tip)."""
    found: dict[str, list] = {}
    for artist in ax.get_children():
        if (artist.get_gid() or "").startswith("kerasviz-ridge-"):
            found.setdefault(artist.get_gid(), []).append(artist)
    return found


def check_ridges_apart(ax, expected: int) -> None:
    """Every ridge is a filled patch (or a spike); no two ridges share any height."""
    drawn = ridges(ax)
    assert len(drawn) == expected
    spans = []
    for artists in drawn.values():
        patch = next((a for a in artists if isinstance(a, StepPatch)), None)
        if patch is None:  # a spike: its vertical line
            segment = next(a for a in artists if isinstance(a, LineCollection)).get_segments()[0]
            spans.append((segment[:, 1].min(), segment[:, 1].max()))
            continue
        assert patch.get_fill() and to_hex(patch.get_facecolor()) != "#ffffff"
        spans.append(tuple(patch.get_path().get_extents().intervaly))
    for (lo1, hi1), (lo2, hi2) in itertools.combinations(spans, 2):
        assert hi1 <= lo2 or hi2 <= lo1, f"ridges overlap: {lo1, hi1} and {lo2, hi2}"


def panel(figure, path: str):
    """The histogram panel of the weight ``path``."""
    return next(ax for ax in figure.axes for a in ax.get_children()
                if a.get_gid() == f"kerasviz-weight-{path}")


def test_ridgeline_ridges_are_filled_apart_and_constant_ones_labelled(fresh: tuple) -> None:
    with laid_out(WeightsPlot.of("fresh", "ridgeline", fresh)) as figure:
        kernel, bias, other = figure.axes
        check_ridges_apart(kernel, 2)  # conv1 and classes: real histograms
        # every bias is zero: a spike each, written out beside it, on an axis marked at 0
        words = [t.get_text() for t in bias.texts]
        assert words == ["all 16 values 0", "all 10 values 0"]
        assert [t.get_text() for t in bias.get_xticklabels()] == ["0"]
        lo, hi = bias.get_xlim()
        assert lo < 0 < hi and abs(lo + hi) < 1e-9 and hi - lo <= 0.2
        assert sorted(t.get_text() for t in other.texts) == [
            "all 16 values 0", "all 16 values 0", "all 16 values 1", "all 16 values 1"]
        labels = [t.get_text() for t in other.get_yticklabels()]
        assert labels == ["norm/gamma", "norm/beta", "norm/moving_mean", "norm/moving_variance"]


def test_over_time_ridges_are_filled_and_apart_at_round_epochs(recorded) -> None:
    plot = over_time(recorded, "ridgeline")
    with laid_out(plot) as figure:
        for ax in figure.axes:
            epochs = [t.get_text() for t in ax.get_yticklabels()]
            assert epochs == ["0", "5", "10", "15", "20", "25", "30"]
            check_ridges_apart(ax, len(epochs))
        # the biases start at zero: epoch 0's ridge is a spike, labelled
        bias = figure.axes[1]
        assert "all 64 values 0" in [t.get_text() for t in bias.texts]


@pytest.mark.parametrize("first", [0, 1])
def test_band_epoch_ticks_are_round_integers(recorded, first: int) -> None:
    with laid_out(over_time(recorded, "bands", first)) as figure:
        for ax in figure.axes:
            ticks = [float(t.get_text().replace("\u2212", "-")) for t in ax.get_xticklabels()
                     if ax.get_xlim()[0] <= t.get_position()[0] <= ax.get_xlim()[1]]
            steps = set(np.diff(ticks))
            assert all(t == int(t) for t in ticks) and len(steps) == 1, ticks
            step = steps.pop()
            assert all(t % step == 0 for t in ticks), ticks


def test_statistics_sit_outside_the_bars_and_constant_panels_fit(fresh: tuple) -> None:
    with laid_out(WeightsPlot.of("fresh", "histogram", fresh)) as figure:
        panels = [ax for ax in figure.axes if ax.axison]
        assert len(panels) == len(fresh)
        for ax in panels:  # every statistic is said, and none over the data area
            box = extent(ax, figure)
            said = [t for t in ax.texts if "mean" in t.get_text() or "all" in t.get_text()]
            said += [ax.xaxis.label] if ax.get_xlabel() else []
            assert said
            for text in said:
                assert not extent(text, figure).overlaps(box), text.get_text()
        assert panel(figure, "fresh/conv1/kernel").get_xlabel().startswith("mean ")
        bias = panel(figure, "fresh/conv1/bias")
        assert bias.get_xlabel() == "all 16 values 0"
        assert [t.get_text() for t in bias.get_xticklabels()] == ["0"]
        lo, hi = bias.get_xlim()
        assert lo < 0 < hi and abs(lo + hi) < 1e-9 and hi - lo <= 0.2
        gamma = panel(figure, "fresh/norm/gamma")  # all ones: a small range centred on 1
        assert gamma.get_xlabel() == "all 16 values 1"
        lo, hi = gamma.get_xlim()
        assert lo < 1 < hi and abs(lo + hi - 2) < 1e-9 and hi - lo <= 0.5


def test_kind_colours_are_not_training_and_validation(fresh: tuple) -> None:
    """Blue and vermilion mean training and validation; kernels and biases get other hues,
    told apart in grey (contrast between them) as well."""
    with laid_out(WeightsPlot.of("fresh", "ridgeline", fresh)) as figure:
        first = next(iter(ridges(figure.axes[0]).values()))[0]
        kernel = to_hex(first.get_edgecolor())
        bias = to_hex(figure.axes[1].texts[0].get_color())
    assert kernel == COLORS["kernel"] and bias == COLORS["bias"]
    for colour in (kernel, bias):
        for taken in (TRAIN, VALIDATION):
            assert hue_apart(colour, taken) >= 40, (colour, taken)
    assert contrast_ratio(kernel, bias) >= 1.5


def test_every_text_is_above_the_legibility_floor(fresh: tuple, recorded) -> None:
    plots = [WeightsPlot.of("fresh", style, fresh) for style in ("histogram", "ridgeline")]
    plots += [over_time(recorded, style) for style in ("bands", "ridgeline")]
    for plot in plots:
        with laid_out(plot) as figure:
            assert texts(figure)
            html, pdf = printed_sizes(plot, figure)
        assert html >= HTML_FLOOR_PX and pdf >= PDF_FLOOR_PT, (type(plot).__name__, html, pdf)


@pytest.fixture(scope="module")
def deep() -> tuple:
    """The fresh weights of a keras.applications model: 27 convolutions, 27 normalizations."""
    keras.utils.set_random_seed(0)
    model = keras.applications.MobileNet(input_shape=(32, 32, 3), alpha=0.25, weights=None,
                                         classes=10)
    pairs = model_weights(model.weights, {id(v) for v in model.trainable_weights})
    return model.name, tuple((info, (distribution(np.asarray(v)),)) for info, v in pairs)


@pytest.mark.parametrize("style", ["histogram", "ridgeline"])
def test_a_deep_model_takes_labelled_parts_that_each_print_above_the_floor(
        deep: tuple, style: str) -> None:
    """One plot of every weight would be far taller than a page, which shrinks it to fit (on
    main: its text to about 1 pt); whole layers go into parts instead, each fitting a page."""
    name, items = deep
    whole = WeightsPlot.of(name, style, items)
    assert whole.size[1] > 4 * MAX_HEIGHT
    plots = layer_parts(partial(WeightsPlot.of, name, style), items)
    assert len(plots) > 4
    assert [item for plot in plots for item in plot.items] == list(items)
    for index, plot in enumerate(plots, start=1):
        assert plot.size[1] <= MAX_HEIGHT
        assert plot.part == f"part {index} of {len(plots)}"
        with laid_out(plot) as figure:
            assert figure.get_suptitle() == plot.part
            html, pdf = printed_sizes(plot, figure)
        assert html >= HTML_FLOOR_PX and pdf >= PDF_FLOOR_PT, (plot.part, html, pdf)
        layers = {info.layer for info, _ in plot.items}
        assert not layers & {info.layer for p in plots if p is not plot for info, _ in p.items}


DEEP = '''import keras


def build():
    layers = [keras.layers.Dense(8, activation="relu", name=f"dense{i}") for i in range(12)]
    return keras.Sequential([keras.Input((8,)), *layers], name="deep")
'''
PAGE = """Deep
====

.. keras-weights:: twelve_dense.build
   :caption: Twelve layers.
"""
DEJAVU_HEIGHT = 1.164  # a word's box in pdftotext -bbox, in font sizes (DejaVu Sans)


@pytest.fixture(scope="module")
def deep_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("deep") / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(source)!r})\nextensions = ['sphinx_kerasviz']\n")
    (source / "index.rst").write_text(PAGE)
    (source / "twelve_dense.py").write_text(DEEP)  # a module name no other test imports
    return source


def test_the_parts_of_a_tall_plot_show_in_html_and_print_above_the_floor(
        deep_site: Path, tmp_path: Path) -> None:
    html = SphinxTestApp("html", srcdir=deep_site, builddir=tmp_path / "html")
    html.build()
    page = (html.outdir / "index.html").read_text()
    alts = re.findall(r'<img src="[^"]+" alt="([^"]+)"', page)
    assert [alt.rpartition(" (")[2] for alt in alts] == [
        "part 1 of 3)", "part 2 of 3)", "part 3 of 3)"]
    assert page.count("Twelve layers.") == 1
    latex = SphinxTestApp("latex", srcdir=deep_site, builddir=tmp_path / "latex")
    latex.build()
    assert len(latex_plot_pdfs(latex.outdir)) == 3
    words = pdf_text(compile_pdf(latex.outdir), "-bbox")
    printed = [float(y1) - float(y0) for y0, y1 in re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">part</word>', words)]
    assert len(printed) == 3  # each label, 7 pt in the plot, as printed
    assert min(printed) / DEJAVU_HEIGHT >= PDF_FLOOR_PT, printed
