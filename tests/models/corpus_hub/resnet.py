"""A tiny ``keras_hub.models.ResNetImageClassifier``: 32x32 images, two stages of basic blocks."""

from __future__ import annotations

import keras_hub

IMAGE_SIZE = (32, 32)


def build() -> keras_hub.models.ResNetImageClassifier:
    # ResNetBackbone requires 64 filters in the first stage, and its first basic block (stride 1)
    # adds its input unchanged, so the stem has 64 filters too.
    backbone = keras_hub.models.ResNetBackbone(
        input_conv_filters=[64],
        input_conv_kernel_sizes=[3],
        stackwise_num_filters=[64, 32],
        stackwise_num_blocks=[1, 1],
        stackwise_num_strides=[1, 2],
        block_type="basic_block",
        image_shape=(*IMAGE_SIZE, 3),
    )
    converter = keras_hub.layers.ResNetImageConverter(image_size=IMAGE_SIZE, scale=1 / 255)
    preprocessor = keras_hub.models.ResNetImageClassifierPreprocessor(image_converter=converter)
    return keras_hub.models.ResNetImageClassifier(backbone, num_classes=10,
                                                  preprocessor=preprocessor)
