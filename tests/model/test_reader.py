"""Reading real Keras 3 models: the description must match what Keras reports."""

from __future__ import annotations

import io
import pickle
import sys
from pathlib import Path

import keras
import pytest

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.model.describe import describe
from sphinx_kerasviz.model.reader import read_model, read_with
from sphinx_kerasviz.model.target import parse_target
from sphinx_kerasviz.views import formatting as fmt
from sphinx_kerasviz.views.summary import summarize

import kerasviz_test_models as models
import subclassed_models

FACTORIES = ["sequential_cnn", "branched", "multi_io", "nested", "shared", "with_ops",
             "recurrent", "awkward_names", "frozen"]


def keras_summary(model: keras.Model) -> str:
    out = io.StringIO()
    model.summary(print_fn=lambda text, **_: out.write(text + "\n"))
    return out.getvalue()


@pytest.mark.parametrize("factory", FACTORIES)
def test_totals_equal_keras(factory: str) -> None:
    model = getattr(models, factory)()
    description = describe(model)
    totals = description.totals
    assert totals.total == model.count_params()
    assert totals.trainable == sum(int(w.numpy().size) for w in model.trainable_weights)
    assert totals.non_trainable == sum(int(w.numpy().size) for w in model.non_trainable_weights)
    printed = keras_summary(model)
    for label, value in summarize(description).footer():
        assert f"{label}: {value}" in printed
    assert pickle.loads(pickle.dumps(description)) == description


@pytest.mark.parametrize("factory", FACTORIES)
def test_every_layer_and_its_params(factory: str) -> None:
    model = getattr(models, factory)()
    description = describe(model)
    for layer in model.layers:
        entry = description.layer(layer.name)
        assert entry.params == layer.count_params()
        assert entry.class_name == type(layer).__name__


def test_shared_layer_has_every_call() -> None:
    description = describe(models.shared())
    dense = description.layer("shared_dense")
    assert [c.output_shapes for c in dense.calls] == [((None, 10, 5),), ((None, 4, 5),)]
    assert [c.inputs[0].layer for c in dense.calls] == ["a", "b"]


def test_ops_lambda_custom_and_wrappers() -> None:
    description = describe(models.with_ops())
    kinds = {layer.name: (layer.kind, layer.category) for layer in description.layers}
    assert ("op", "op") in kinds.values()
    assert description.layer("double").detail == "<lambda>"
    assert describe(models.recurrent()).layer("bilstm").detail == "LSTM(8)"
    scale = describe(models.nested()).layer("scale")
    assert scale.custom and scale.trainable_params == 6 and scale.non_trainable_params == 6


def test_nested_models_are_described_inside() -> None:
    description = describe(models.nested())
    encoder = description.layer("encoder")
    assert encoder.kind == "model" and encoder.model is not None
    assert [layer.name for layer in encoder.model.layers][-2:] == ["enc_hidden", "enc_out"]
    assert description.layer("head").model.outputs[0].layer == "head_out"


def test_fresh_session_gives_stable_names() -> None:
    sys.modules.pop("kerasviz_test_models")  # its import builds MODEL: names must not shift
    first = read_model(parse_target("kerasviz_test_models.sequential_cnn")).model
    models.sequential_cnn()  # advances Keras's name counters
    second = read_model(parse_target("kerasviz_test_models.sequential_cnn")).model
    assert first == second
    assert [layer.name for layer in first.layers][:2] == ["input_layer", "conv2d"]


@pytest.mark.parametrize("factory", [*FACTORIES, "unet", "mixed_precision"])
def test_read_without_weight_values_equals_a_usual_build(factory: str) -> None:
    """The directive builds models without initializing their weights: nothing drawn changes."""
    read = read_model(parse_target(f"kerasviz_test_models.{factory}")).model
    keras.backend.clear_session()
    try:
        assert read == describe(getattr(models, factory)())
    finally:
        keras.config.set_dtype_policy("float32")
        keras.config.set_image_data_format("channels_last")


def test_weights_are_not_filled_when_only_the_architecture_is_read() -> None:
    module = sys.modules["kerasviz_test_models"]
    module.INITIALIZED.clear()
    description = read_model(parse_target("kerasviz_test_models.counted")).model
    assert module.INITIALIZED == []
    assert description.layer("counted").weights[0].shape == (6, 5)
    assert description.totals.total == 6 * 5 + 5 + 4 * 5
    values, _ = read_with(parse_target("kerasviz_test_models.counted"),
                          lambda model: model.get_weights())
    assert module.INITIALIZED == [(6, 5)]
    assert values[0].shape == (6, 5) and values[0].any()


def test_a_factory_that_needs_weight_values_is_built_as_usual() -> None:
    result = read_model(parse_target("kerasviz_test_models.trained"))
    keras.backend.clear_session()
    reference = models.trained()
    assert result.model == describe(reference)
    assert result.model.totals.total == reference.count_params()


def test_call_arguments_and_dependencies() -> None:
    result = read_model(parse_target("kerasviz_test_models.sequential_cnn(num_classes=3)"))
    assert result.model.shapes(result.model.outputs) == [(None, 3)]
    assert any(dep.endswith("kerasviz_test_models.py") for dep in result.dependencies)


def test_keras_applications() -> None:
    result = read_model(parse_target("keras.applications.MobileNetV2(weights=None, alpha=0.35)"))
    reference = keras.applications.MobileNetV2(weights=None, alpha=0.35)
    assert result.model.totals.total == reference.count_params()
    assert fmt.count(result.model.totals.total) in keras_summary(reference)


def test_saved_files(tmp_path: Path) -> None:
    model = models.branched()
    model.save(tmp_path / "m.keras")
    model.save(tmp_path / "m.h5")
    for name in ("m.keras", "m.h5"):
        description = read_model(parse_target(name), doc_dir=tmp_path).model
        assert description.totals.total == model.count_params()
    rooted = read_model(parse_target("/m.keras"), source_dir=tmp_path, doc_dir="/nowhere")
    assert rooted.model.name == "branched"


def test_input_shape_builds_an_unbuilt_model() -> None:
    target = parse_target("kerasviz_test_models.unbuilt")
    with pytest.raises(KerasvizError, match="not built") as info:
        read_model(target)
    assert info.value.subtype == "build"
    description = read_model(target, input_shape=(7,)).model
    assert description.totals.total == 7 * 4 + 4 + 4 * 2 + 2
    subclassed = read_model(parse_target("kerasviz_test_models.subclassed"), input_shape=(5,))
    assert subclassed.model.totals.total == 5 * 8 + 8 + 8 * 2 + 2
    assert subclassed.model.layer("hidden").params == 48


@pytest.mark.parametrize(
    ("text", "subtype", "message"),
    [
        ("no_such_module.build", "import", "no module named 'no_such_module'"),
        ("kerasviz_test_models.missing", "import", "has no attribute 'missing'"),
        ("kerasviz_test_models.raises", "build", "RuntimeError: factory exploded"),
        ("kerasviz_test_models.not_a_model", "build", "returned a dict, not a keras.Model"),
        ("kerasviz_test_models.NOT_CALLABLE", "build", "is a int, not a keras.Model"),
        ("kerasviz_test_models.MODEL(1)", "build", "is a model, not a factory"),
        ("missing.keras", "file", "model file not found"),
    ],
)
def test_errors(text: str, subtype: str, message: str) -> None:
    with pytest.raises(KerasvizError, match=message) as info:
        read_model(parse_target(text))
    assert info.value.subtype == subtype


def test_corrupt_file(tmp_path: Path) -> None:
    (tmp_path / "bad.keras").write_bytes(b"this is not a zip file")
    (tmp_path / "bad.h5").write_bytes(b"nor an HDF5 file")
    (tmp_path / "empty.keras").write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip archive
    for name, message in [("bad.keras", "bad.keras is not a .keras file"),
                          ("bad.h5", "bad.h5 is not an HDF5 file"),
                          ("empty.keras", "cannot load model file empty.keras")]:
        with pytest.raises(KerasvizError, match=message) as info:
            read_model(parse_target(name), doc_dir=tmp_path)
        assert info.value.subtype == "file"
        assert info.value.dependencies == (str(tmp_path / name),)


def test_subclassed_models_are_traced_through_call() -> None:
    result = read_model(parse_target("kerasviz_test_models.subclassed"), input_shape=(5,))
    model = result.model
    assert result.notes == ()
    assert (model.kind, model.class_name, model.totals.total) == ("functional", "Subclassed", 66)
    assert [p.layer for call in model.layer("out").calls for p in call.inputs] == ["hidden"]
    assert model.layer("hidden").calls[0].output_shapes == ((None, 8),)


def test_a_model_built_by_calling_it_is_traced_with_that_call() -> None:
    result = read_model(parse_target("kerasviz_test_models.subclassed_built"))
    model = result.model
    assert result.notes == ()
    assert (model.kind, model.class_name, model.totals.total) == ("functional", "Subclassed", 66)
    assert model.layer("hidden").calls[0].input_shapes == ((None, 5),)


def test_untraceable_models_are_one_box_with_a_reason() -> None:
    result = read_model(parse_target("kerasviz_test_models.untraceable"))
    (note,) = result.notes
    assert note.subtype == "trace"
    assert "is drawn as one box" in note.message and "tracing its call() failed" in note.message
    (box,) = result.model.layers
    assert box.kind == "model" and box.params == result.model.totals.total > 0
    assert box.model is not None and len(box.model.layers) >= 1


def test_global_keras_config_is_restored_after_a_factory() -> None:
    result = read_model(parse_target("kerasviz_test_models.mixed_precision"))
    assert result.model.layer("half").calls[0].output_dtypes == ("float16",)
    assert str(keras.config.dtype_policy().name) == "float32"
    assert keras.config.image_data_format() == "channels_last"


def test_files_outside_the_source_directory_are_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.keras").write_bytes(b"PK")
    source = tmp_path / "docs"
    source.mkdir()
    for name in ("../secret.keras", "/../secret.keras"):
        with pytest.raises(KerasvizError, match="is outside the source directory"):
            read_model(parse_target(name), doc_dir=source, source_dir=source, confine=True)


def keras_leaves(layer: keras.layers.Layer) -> set[str]:
    """The layers a diagram must show: Keras's own layers, found inside custom ones."""
    if isinstance(layer, keras.layers.InputLayer):
        return set()
    if type(layer).__module__.startswith("keras.") and not isinstance(layer, keras.Model):
        return {layer.name}
    return set().union(*(keras_leaves(inner) for inner in layer._layers))


def described_leaves(model) -> set[str]:
    names = set()
    for layer in model.layers:
        if layer.model is not None:
            names |= described_leaves(layer.model)
        elif layer.kind == "layer":
            names.add(layer.name)
    return names


@pytest.mark.parametrize("factory", [*subclassed_models.INPUT_SHAPES,
                                     "functional_with_custom_block"])
def test_subclassed_models_show_every_layer_connected(factory: str) -> None:
    shape = subclassed_models.INPUT_SHAPES.get(factory)
    result = read_model(parse_target(f"subclassed_models.{factory}"), input_shape=shape)
    assert result.notes == ()
    keras.backend.clear_session()
    model = getattr(subclassed_models, factory)()
    if not model.built:
        inputs = [keras.Input(s) for s in (shape if isinstance(shape, list) else [shape])]
        model(inputs if len(inputs) > 1 else inputs[0])
    assert described_leaves(result.model) == keras_leaves(model)
    assert result.model.totals.total == model.count_params()

    def check_connected(description) -> None:
        for layer in description.layers:
            assert layer.kind == "input" or all(call.inputs for call in layer.calls), layer.name
            assert layer.kind == "input" or layer.calls, layer.name
            if layer.model is not None:
                check_connected(layer.model)

    check_connected(result.model)


def test_custom_layer_inside_is_what_it_owns() -> None:
    model = read_model(parse_target("subclassed_models.functional_with_custom_block")).model
    block = model.layer("attention_block")
    assert block.kind == "layer" and block.custom and block.model is not None
    inner = block.model
    assert [layer.name for layer in inner.layers] == [
        "attention_block_input", "mha", "add", "norm", "feed"]
    assert inner.totals.total == block.params == 1392
    assert [p.layer for p in inner.layer("mha").calls[0].inputs] == ["attention_block_input"] * 2
