"""Small models written the way the keras.io examples write them.

Each module follows one keras.io example (its docstring says which) and defines a zero-argument
factory ``build()`` returning the model in the state the example leaves it. Subclassed models are
built the example's way: by ``fit`` (a step or two on tiny random data), by a call on data, or not
at all (a model without ``call()`` stays unbuilt). Functional models are assembled and compiled
but not fitted: a fit changes nothing a drawing shows and costs seconds (``ctc_ocr.build_fitted``
is the one fitted functional model). Some modules have a second factory for another model the
example makes. ``MODELS`` lists the dotted path of every factory (``tests/models`` is on
``sys.path`` during the tests).
``tests/model/test_corpus.py`` draws each one in a real Sphinx build.
"""

from __future__ import annotations

MODELS: list[str] = [
    "corpus.vae.build",
    "corpus.gan.build",
    "corpus.distiller.build",
    "corpus.siamese.build",
    "corpus.siamese_subclass.build",
    "corpus.seq2seq.build",
    "corpus.seq2seq.build_inference_decoder",
    "corpus.ctc_ocr.build",
    "corpus.ctc_ocr.build_fitted",
    "corpus.ctc_ocr.build_prediction_model",
    "corpus.gnn.build",
    "corpus.recommender.build",
    "corpus.vit.build",
    "corpus.mlp_mixer.build",
    "corpus.convmixer.build",
    "corpus.pointnet.build",
    "corpus.deeplab.build",
    "corpus.structured.build",
    "corpus.feature_space.build",
    "corpus.feature_space.build_inference",
    "corpus.text_transformer.build",
    "corpus.dict_io.build",
    "corpus.custom_train_step.build",
    "corpus.custom_train_step.build_functional",
    "corpus.subclass_called.build",
    "corpus.nested_dict_call.build",
    "corpus.nested_dict_call.build_tuple",
    "corpus.transformer_subclass.build",
    "corpus.transformer_subclass.build_nested",
    "corpus.autoencoder_subclass.build",
    "corpus.autoencoder_subclass.build_dense",
    "corpus.mixed_precision.build",
    "corpus.quantized.build",
    "corpus.quantized.build_int4",
    "corpus.quantized.build_float8",
    "corpus.timeseries_transformer.build",
    "corpus.captioning.build",
    "corpus.vae_subclass.build",
    "corpus.xception_small.build",
]
