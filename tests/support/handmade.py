"""Hand-made model descriptions for testing views without Keras."""

from __future__ import annotations

from sphinx_kerasviz.model.description import Call, Layer, ModelDescription, Port, Totals

TOTALS = Totals(
    trainable=1234567, non_trainable=10, trainable_bytes=4938268.0, non_trainable_bytes=40.0
)


def input_layer(name: str, shape: tuple) -> Layer:
    return Layer(name, "InputLayer", "input", "input",
                 calls=(Call(0, (), (), (shape,), ("float32",)),))


def dense_layer(name: str, inputs: list[tuple[Port, tuple, tuple]], params: int = 8) -> Layer:
    """A Dense layer with one call per ``(input port, input shape, output shape)``."""
    calls = tuple(
        Call(i, (port,), (shape_in,), (shape_out,), ("float32",))
        for i, (port, shape_in, shape_out) in enumerate(inputs)
    )
    return Layer(name, "Dense", "layer", "core", calls=calls, params=params,
                 trainable_params=params, trainable=True, activation="relu")


def nested_layer() -> Layer:
    """A functional model ``inner`` (an input and a Dense layer) called once on ``x``."""
    inner = ModelDescription(
        "inner", "Functional", "functional",
        (input_layer("inner_in", (None, 4)),
         dense_layer("inner_dense", [(Port("inner_in"), (None, 4), (None, 2))])),
        (Port("inner_in"),), (Port("inner_dense"),), TOTALS,
    )
    return Layer("inner", "Functional", "model", "model",
                 calls=(Call(0, (Port("x"),), ((None, 4),), ((None, 2),), ("float32",)),),
                 params=10, model=inner)


def every_family() -> ModelDescription:
    """A chain with a layer of every family, then an ``Add`` and an unknown ``keras.ops`` call,
    a custom layer and a closed nested model; every label row is used: activations, details,
    frozen and trainable weights. Each layer is named after its family or kind."""
    from sphinx_kerasviz.views.palettes import FAMILIES

    shape = (None, 4)
    specs = [(family, f"{family.title()}Layer", "layer", family) for family in FAMILIES[1:-1]]
    specs += [("add_op", "Add", "op", "op"), ("op", "Cumsum", "op", "op"),
              ("custom", "Scale", "layer", "custom"), ("model", "Functional", "model", "model")]
    layers = [input_layer("input", shape)]
    for number, (name, class_name, kind, category) in enumerate(specs):
        layers.append(Layer(
            name, class_name, kind, category,
            calls=(Call(0, (Port(layers[-1].name),), (shape,), (shape,), ("float32",)),),
            params=0 if kind == "op" else 20,
            trainable=None if kind == "op" else number % 2 == 0,
            activation="relu" if name == "core" else None,
            detail="LSTM(4)" if name == "rnn" else None,
            custom=name == "custom",
            model=nested_layer().model if kind == "model" else None,
        ))
    return ModelDescription("every_family", "Functional", "functional", tuple(layers),
                            (Port("input"),), (Port(layers[-1].name),), TOTALS)
