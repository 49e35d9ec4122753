"""A tiny ``keras_hub.models.GPT2CausalLM`` with a byte-level BPE tokenizer built in memory.

The vocabulary is ``<|endoftext|>``, the 256 byte symbols of GPT-2's byte-to-unicode table and the
results of a few merges (so any text tokenizes); 2 layers, hidden 32, 2 heads.
"""

from __future__ import annotations

import keras_hub

_MERGES = ["Ġ t", "h e", "Ġt he", "Ġ a", "i n", "e r", "o n", "r e", "Ġ s", "Ġ w", "a n",
           "Ġa n", "Ġan d", "e s", "o r", "Ġ m", "o d", "e l", "Ġm od", "Ġmod el"]
SEQUENCE_LENGTH = 16


def _byte_symbols() -> list[str]:
    """GPT-2's byte-to-unicode table: printable bytes stand for themselves, others are shifted."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1),
                 *range(ord("®"), ord("ÿ") + 1)]
    symbols = {byte: chr(byte) for byte in printable}
    shift = 0
    for byte in range(256):
        if byte not in symbols:
            symbols[byte] = chr(256 + shift)
            shift += 1
    return [symbols[byte] for byte in range(256)]


def vocabulary() -> tuple[dict[str, int], list[str]]:
    tokens = ["<|endoftext|>", *_byte_symbols()]
    for merge in _MERGES:
        merged = merge.replace(" ", "")
        if merged not in tokens:
            tokens.append(merged)
    return {token: index for index, token in enumerate(tokens)}, list(_MERGES)


def build() -> keras_hub.models.GPT2CausalLM:
    vocab, merges = vocabulary()
    tokenizer = keras_hub.models.GPT2Tokenizer(vocabulary=vocab, merges=merges)
    preprocessor = keras_hub.models.GPT2CausalLMPreprocessor(
        tokenizer, sequence_length=SEQUENCE_LENGTH
    )
    backbone = keras_hub.models.GPT2Backbone(
        vocabulary_size=tokenizer.vocabulary_size(),
        num_layers=2,
        num_heads=2,
        hidden_dim=32,
        intermediate_dim=64,
        max_sequence_length=SEQUENCE_LENGTH,
    )
    return keras_hub.models.GPT2CausalLM(backbone, preprocessor=preprocessor)
