"""The corpus: models written the way keras.io examples and KerasHub write them (VAE and GAN
without ``call()``, a Distiller, subclassed models built by ``fit`` or one call, dict inputs,
custom layers, quantized and mixed-precision models, KerasHub tasks from small configurations).

One Sphinx project with a page per model, built to HTML with nested models expanded: every
layer of ``model.layers`` (and of nested models, recursively) is in the diagram, the table's
totals are what Keras reports, and there is no warning.
"""

from __future__ import annotations

import html
import importlib
import re

import keras
import pytest
from keras.src.utils.summary_utils import count_params, weight_memory_size
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz.views import formatting as fmt

import corpus
import corpus_hub
from support.builds import page_per_model
from support.output import graph_sources

TARGETS = [*corpus.MODELS, *corpus_hub.MODELS]


def page_name(target: str) -> str:
    return target.removesuffix(".build").replace(".", "-")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    source = page_per_model(tmp_path_factory.mktemp("corpus"), "corpus",
                            "kerasviz_expand_nested = True\n",
                            {page_name(t): f".. keras-model:: {t}" for t in TARGETS})
    app = SphinxTestApp("html", srcdir=source, builddir=tmp_path_factory.mktemp("corpus-out"))
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def factory(target: str):
    module, name = target.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def layer_paths(model: keras.Model, prefix: str = "") -> set[str]:
    """Every layer of ``model.layers``, and of nested models' ``layers``, by path."""
    paths = set()
    for layer in model.layers:
        paths.add(prefix + layer.name)
        if isinstance(layer, keras.Model):
            paths |= layer_paths(layer, f"{prefix}{layer.name}/")
    return paths


def keras_totals(model: keras.Model) -> list[str]:
    """Total, trainable and non-trainable parameters as Keras counts and sizes them."""
    if model.built:
        assert model.count_params() == count_params(model.weights)
    return [fmt.count_and_memory(count_params(weights), weight_memory_size(weights))
            for weights in (model.weights, model.trainable_weights, model.non_trainable_weights)]


@pytest.fixture(scope="module")
def reference() -> dict[str, tuple[set[str], list[str]]]:
    """Each model's layer paths and totals, from Keras, each built in a fresh session."""
    numbers = {}
    for target in TARGETS:
        keras.backend.clear_session()
        model = factory(target)()
        numbers[target] = (layer_paths(model), keras_totals(model))
    keras.backend.clear_session()
    return numbers


def test_the_corpus_builds_without_a_warning(built: SphinxTestApp) -> None:
    assert built.warning.getvalue() == ""


@pytest.mark.parametrize("target", TARGETS)
def test_every_layer_is_drawn_and_the_totals_are_keras(built: SphinxTestApp, reference,
                                                        target: str) -> None:
    paths, totals = reference[target]
    page = (built.outdir / f"{page_name(target)}.html").read_text()
    (image,) = graph_sources(page)
    svg = (built.outdir / image).read_text()
    titles = {html.unescape(t).removeprefix("cluster_")
              for t in re.findall(r"<title>([^<]*)</title>", svg)}
    assert paths - titles == set()
    footer = re.findall(r'<tr class="kerasviz-total[^"]*">.*?</tr>', page, re.S)
    assert [re.sub(r"<[^>]+>|\s+", " ", row).split("params")[1].strip() for row in footer] \
        == totals
