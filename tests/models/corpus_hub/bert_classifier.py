"""A tiny ``keras_hub.models.BertTextClassifier`` with its preprocessor and tokenizer.

The ``BertTokenizer`` has an in-memory WordPiece vocabulary (``bert_backbone.VOCABULARY``).
Tokenizing strings inside ``predict``/``fit`` would need ``tensorflow-text`` (not installed);
building the task and its summary do not.
"""

from __future__ import annotations

import keras_hub

from .bert_backbone import SEQUENCE_LENGTH, VOCABULARY, backbone


def build() -> keras_hub.models.BertTextClassifier:
    tokenizer = keras_hub.models.BertTokenizer(vocabulary=VOCABULARY, lowercase=True)
    preprocessor = keras_hub.models.BertTextClassifierPreprocessor(
        tokenizer, sequence_length=SEQUENCE_LENGTH
    )
    return keras_hub.models.BertTextClassifier(backbone(), num_classes=3,
                                               preprocessor=preprocessor)
