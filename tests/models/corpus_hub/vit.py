"""A tiny ``keras_hub.models.ViTImageClassifier``: 32x32 images, 8x8 patches, 2 layers."""

from __future__ import annotations

import keras_hub

IMAGE_SIZE = (32, 32)


def build() -> keras_hub.models.ViTImageClassifier:
    backbone = keras_hub.models.ViTBackbone(
        image_shape=(*IMAGE_SIZE, 3),
        patch_size=8,
        num_layers=2,
        num_heads=2,
        hidden_dim=32,
        mlp_dim=64,
    )
    converter = keras_hub.layers.ViTImageConverter(image_size=IMAGE_SIZE, scale=1 / 255)
    preprocessor = keras_hub.models.ViTImageClassifierPreprocessor(image_converter=converter)
    return keras_hub.models.ViTImageClassifier(backbone, num_classes=10,
                                               preprocessor=preprocessor)
