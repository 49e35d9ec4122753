"""A tiny ``keras_hub.models.LlamaCausalLM``: 2 layers, hidden 32, 2 query heads, 1 key/value head.

No preprocessor: ``LlamaTokenizer`` needs a SentencePiece model and the ``sentencepiece``
package, which is not installed.
"""

from __future__ import annotations

import keras_hub


def build() -> keras_hub.models.LlamaCausalLM:
    backbone = keras_hub.models.LlamaBackbone(
        vocabulary_size=256,
        num_layers=2,
        num_query_heads=2,
        num_key_value_heads=1,
        hidden_dim=32,
        intermediate_dim=64,
    )
    return keras_hub.models.LlamaCausalLM(backbone, preprocessor=None)
