"""Models as people write them: built by calling them, without ``call()``, with parts their
``call()`` never reaches, with TensorFlow functions in ``call()``, quantized, from KerasHub; and
the check that every total equals Keras's."""

from __future__ import annotations

import keras
import pytest

from sphinx_kerasviz.model.reader import read_model
from sphinx_kerasviz.model.target import parse_target


def read(target: str, **kwargs):
    result = read_model(parse_target(target), **kwargs)
    return result.model, result.notes


def test_a_call_on_a_dict_of_integers_is_traced_as_it_was_made() -> None:
    model, notes = read("corpus.nested_dict_call.build")
    assert notes == ()
    inputs = {port.layer: model.layer(port.layer) for port in model.inputs}
    assert sorted(inputs) == ["category", "numeric", "wide_features"]  # the dict's keys
    assert inputs["category"].calls[0].output_dtypes == ("int64",)  # as it was called
    assert inputs["numeric"].calls[0].output_dtypes == ("float32",)
    assert inputs["numeric"].calls[0].output_shapes == ((None, 3),)  # batch axis: None


def test_a_model_without_call_is_its_parts_side_by_side() -> None:
    model, notes = read("corpus.vae.build")
    assert notes == ()
    assert [(layer.name, layer.kind) for layer in model.layers] == [
        ("encoder", "model"), ("decoder", "model")]
    assert all(not layer.calls and layer.model.inputs for layer in model.layers)
    assert model.note == ("VAE defines no call(): its parts are drawn side by side, "
                          "unconnected.")
    assert model.totals.total == sum(layer.params for layer in model.layers)


def test_parts_call_never_reaches_are_marked_and_counted() -> None:
    model, notes = read("corpus.distiller.build")
    assert notes == ()
    student, teacher = model.layer("student"), model.layer("teacher")
    assert (student.unused, teacher.unused) == (False, True)
    assert not teacher.calls and student.calls
    assert model.totals.total == student.params + teacher.params  # the teacher is counted


def test_tensorflow_functions_in_call_are_traced_in_a_graph() -> None:
    model, notes = read("kerasviz_test_models.tensorflow_call", input_shape=(4,))
    assert notes == ()
    assert [p.layer for p in model.layer("outer").calls[0].inputs] == ["inner", "tf_call_input"]
    assert "uses TensorFlow functions" in model.note
    assert model.totals.total == 27


def test_a_layer_keras_does_not_track_gives_a_fidelity_warning() -> None:
    model, notes = read("kerasviz_test_models.untracked_layer")
    (note,) = notes
    assert note.subtype == "fidelity"
    assert note.message.startswith("the layers drawn hold 23 parameters but Keras counts 8")
    assert model.totals.total == 8  # Keras's own count, never a sum of ours


@pytest.mark.parametrize(("factory", "policy"), [("build", "int8_from_float32"),
                                                 ("build_int4", "int4/128_from_float32"),
                                                 ("build_float8", "float8_from_float32")])
def test_quantized_layers_show_their_policy(factory: str, policy: str) -> None:
    model, notes = read(f"corpus.quantized.{factory}")
    assert notes == ()
    assert model.layer("hidden").dtype_policy == policy
    assert model.layer("tokens").dtype_policy is None  # inputs have no policy to show


def test_a_kerashub_task_shows_its_preprocessor() -> None:
    model, notes = read("corpus_hub.bert_classifier.build")
    assert notes == ()
    assert model.preprocessor.name == "bert_text_classifier_preprocessor"
    assert model.preprocessor.parts == (("bert_tokenizer", "BertTokenizer", "Vocab size: 106"),)
    image, _ = read("corpus_hub.vit.build")
    assert image.preprocessor.parts == (
        ("vi_t_image_converter", "ViTImageConverter", "Image size: (32, 32)"),)


def test_keras_2_totals_pass_the_check() -> None:
    keras.backend.clear_session()
    _model, notes = read("keras2_models.nested_shared")
    assert notes == ()


def test_a_subclassed_part_is_traced_with_its_own_call() -> None:
    """Inside a trainer without call(), a part needing ``training`` is traced on its call."""
    model, notes = read("kerasviz_test_models.wrapped_subclass")
    assert notes == ()
    (network,) = model.layers
    inner = network.model
    assert inner.kind == "functional" and inner.class_name == "NeedsTraining"
    assert [p.layer for p in inner.layer("drop").calls[0].inputs] == ["dense"]
    assert inner.layer("dense").calls[0].input_shapes == ((None, 5),)


def test_mixed_precision_layers_show_their_policy() -> None:
    model, notes = read("corpus.mixed_precision.build")
    assert notes == ()
    assert model.layer("conv_1").dtype_policy == "mixed_float16"
    assert model.layer("conv_1").calls[0].output_dtypes == ("float16",)
    assert keras.config.dtype_policy().name == "float32"  # the factory's global policy undone
