"""Read models under whatever ``KERAS_BACKEND`` says and print what the reader saw, as JSON.

``python tests/models/backend_worker.py TARGET[@SHAPE] ...``: for each target, the backend,
Keras's own parameter count, the expanded summary as CSV and the DOT text of the expanded
diagram.
"""

from __future__ import annotations

import ast
import json
import sys

import keras
from keras.src.utils.summary_utils import count_params

from sphinx_kerasviz.model.describe import is_model
from sphinx_kerasviz.model.reader import read_model, resolve
from sphinx_kerasviz.model.target import parse_target
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.dot import to_dot
from sphinx_kerasviz.views.summary import summarize
from sphinx_kerasviz.views.summary_formats import to_csv


def report(argument: str) -> dict[str, object]:
    text, _, shape_text = argument.partition("@")
    shape = ast.literal_eval(shape_text) if shape_text else None
    target = parse_target(text)
    options = Options(expand_nested=True, show_params=True, input_shape=shape)
    result = read_model(target, input_shape=shape)
    model = result.model
    factory = resolve(target.path)[0]
    built = factory if is_model(factory) else factory(*target.args, **dict(target.kwargs))
    if not built.built and shape is not None:
        inputs = [keras.Input(s) for s in (shape if isinstance(shape, list) else [shape])]
        built(inputs if len(inputs) > 1 else inputs[0])
    return {
        "backend": keras.backend.backend(),
        "notes": [note.subtype for note in result.notes],
        # count_params() itself, which a model without call() (never built) cannot give
        "keras_params": int(built.count_params() if built.built else count_params(built.weights)),
        "summary": to_csv(summarize(model, options)),
        "dot": to_dot(model, options),
    }


if __name__ == "__main__":
    json.dump({argument: report(argument) for argument in sys.argv[1:]}, sys.stdout, indent=1)
