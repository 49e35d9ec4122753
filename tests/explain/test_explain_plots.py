"""What the explanation plots show, measured on the drawn figures: every image panel framed,
the decision boundary's legend off the points, titles that say what the number is, and text
above the legibility floor. The models are the docs' real trained ones (digits CNN, iris MLP)."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.image import AxesImage
from matplotlib.legend import Legend

from sphinx_kerasviz.drawing.figures import MAX_HEIGHT
from sphinx_kerasviz.explain.data import (
    ActivationMaxRequest,
    ActivationsRequest,
    BoundaryRequest,
    GradcamRequest,
    SaliencyRequest,
    Seen,
    Source,
)
from sphinx_kerasviz.explain.plots import (
    ActivationMaxPlot,
    ActivationsPlot,
    AttributionPlot,
    BoundaryPlot,
)
from sphinx_kerasviz.explain.reader import explain
from sphinx_kerasviz.model.target import parse_target

from support.plot_checks import (
    HTML_FLOOR_PX,
    PDF_FLOOR_PT,
    extent,
    laid_out,
    points_inside,
    printed_sizes,
)

DATA = Path(__file__).parents[2] / "docs" / "_static" / "explain"
DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
IRIS = ("setosa", "versicolor", "virginica")


def model(name: str, request) -> object:
    """What ``request`` computes on the docs' model file ``name``."""
    return explain(parse_target(name), request=request, doc_dir=DATA, source_dir=DATA).result


def digits(request) -> object:
    return model("digits_cnn.keras", request)


def sample(index: int) -> Seen:
    return Seen(Source("digits_test.npy", path=str(DATA / "digits_test.npy")), index)


@pytest.fixture(scope="module")
def plots() -> dict:
    iris = model("iris_mlp.keras", BoundaryRequest(
        Source("iris.csv", path=str(DATA / "iris.csv")), (2, 3), (0, 0, 0, 0), 120))
    return {
        "saliency": AttributionPlot.of(digits(SaliencyRequest(sample(7), samples=4))),
        "gradcam": AttributionPlot.of(digits(GradcamRequest(sample(1), 4, layer="conv3")),
                                      DIGITS),
        "activations": ActivationsPlot.of(digits(ActivationsRequest(
            sample(1), ("conv1", "digit"))), 8, False),
        "overlay": ActivationsPlot.of(digits(ActivationsRequest(sample(1), ("conv2",))), 8,
                                      True),
        "activation-max": ActivationMaxPlot.of(digits(ActivationMaxRequest(
            (0, 1, 2), "conv1", steps=8, seed=2))),
        "classes": ActivationMaxPlot.of(digits(ActivationMaxRequest((3, 4), steps=8)), DIGITS),
        "boundary": BoundaryPlot.of(iris, IRIS, ("petal length", "petal width")),
    }


def test_every_image_panel_is_framed(plots: dict) -> None:
    """A mostly white image keeps its edge on a white page: four visible, grey spines."""
    for name, plot in plots.items():
        if name == "boundary":
            continue
        with laid_out(plot) as figure:
            panels = [ax for ax in figure.axes if ax.findobj(AxesImage)]
            assert panels, name
            for ax in panels:
                for spine in ax.spines.values():
                    assert spine.get_visible() and spine.get_linewidth() >= 0.5, name
                    assert spine.get_edgecolor()[:3] != (1.0, 1.0, 1.0), name


def test_boundary_legend_covers_no_point(plots: dict) -> None:
    with laid_out(plots["boundary"]) as figure:
        ax = figure.axes[0]
        legend = figure.findobj(Legend)[0]
        box = extent(legend, figure)
        for points in ax.collections:
            if points.get_offsets().shape[0]:
                shown = ax.transData.transform(points.get_offsets())
                assert points_inside(box, shown) == 0
        assert [t.get_text() for t in legend.get_texts()] == list(IRIS)


def test_titles_say_what_the_number_is(plots: dict) -> None:
    """The digits CNN ends in a softmax: its output for a class is a probability."""
    saliency, gradcam = plots["saliency"].heading, plots["gradcam"].heading
    assert saliency.startswith("probability of class 4: ") and saliency.endswith("(predicted)")
    assert float(saliency.split(": ")[1].split(" ")[0]) > 0.5
    assert gradcam.startswith("probability of four: ")
    assert gradcam.endswith("; predicted: nine; maps at layer conv3")
    assert "output" not in saliency + gradcam
    with laid_out(plots["gradcam"]) as figure:
        assert figure.get_suptitle() == gradcam


def test_every_layer_takes_labelled_parts_that_each_print_above_the_floor() -> None:
    """Each layer's output at the default 16 maps: one plot would be taller than a page (which
    shrinks it to fit, its text under 6 pt); whole layers go into parts that each fit."""
    result = digits(ActivationsRequest(sample(1)))
    whole = ActivationsPlot.of(result, 16, False)
    assert whole.size[1] > MAX_HEIGHT
    plots = ActivationsPlot.parts(result, 16, False)
    assert len(plots) > 1
    assert [layer for plot in plots for layer in plot.result.layers] == list(result.layers)
    for index, plot in enumerate(plots, start=1):
        assert plot.size[1] <= MAX_HEIGHT and plot.part == f"part {index} of {len(plots)}"
        with laid_out(plot) as figure:
            assert figure.get_suptitle() == plot.part
            html, pdf = printed_sizes(plot, figure)
        assert html >= HTML_FLOOR_PX and pdf >= PDF_FLOOR_PT, (plot.part, html, pdf)


def test_every_text_is_above_the_legibility_floor(plots: dict) -> None:
    for name, plot in plots.items():
        with laid_out(plot) as figure:
            html, pdf = printed_sizes(plot, figure)
        assert html >= HTML_FLOOR_PX and pdf >= PDF_FLOOR_PT, (name, html, pdf)
