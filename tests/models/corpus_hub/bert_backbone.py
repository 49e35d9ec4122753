"""A tiny ``keras_hub.models.BertBackbone`` alone (no task): 2 layers, hidden 32, 2 heads."""

from __future__ import annotations

import keras_hub

# WordPiece vocabulary: the special tokens, letters, their "##" continuations and a few words.
_LETTERS = [chr(code) for code in range(ord("a"), ord("z") + 1)]
_WORDS = ["the", "one", "model", "layer", "keras", "graph", "draw", "good", "bad", "movie",
          "is", "was", "very", "not", "and", "of", "to", "in", "it", "this",
          "that", "with", "for", "on", "as", "be", "by", "at", "or", "an",
          "input", "output", "dense", "text", "token", "great", "awful", "film", "plot", "fun",
          "##es", "##ed", "##ing", "##ly", "##er"]
VOCABULARY: list[str] = (["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
                         + [".", ",", "!", "?"]
                         + _LETTERS
                         + [f"##{letter}" for letter in _LETTERS]
                         + _WORDS)
SEQUENCE_LENGTH = 16


def backbone() -> keras_hub.models.BertBackbone:
    return keras_hub.models.BertBackbone(
        vocabulary_size=len(VOCABULARY),
        num_layers=2,
        num_heads=2,
        hidden_dim=32,
        intermediate_dim=64,
        max_sequence_length=SEQUENCE_LENGTH,
    )


def build() -> keras_hub.models.BertBackbone:
    return backbone()
