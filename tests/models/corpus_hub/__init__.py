"""KerasHub tasks and backbones from tiny configurations with random weights (no presets).

Each module has a zero-argument ``build()``; ``MODELS`` lists them as dotted paths (with
``tests/models`` on ``sys.path``). Nothing is downloaded: the tokenizers are built from in-memory
vocabularies, and the SentencePiece models (Gemma, Llama) have no preprocessor, since neither
``sentencepiece`` nor ``tensorflow-text`` is installed.
"""

from __future__ import annotations

MODELS: list[str] = [
    "corpus_hub.bert_classifier.build",
    "corpus_hub.gpt2.build",
    "corpus_hub.gemma.build",
    "corpus_hub.llama.build",
    "corpus_hub.vit.build",
    "corpus_hub.resnet.build",
    "corpus_hub.bert_backbone.build",
]
