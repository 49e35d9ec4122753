"""Gradients of a scalar function of backend tensors, on TensorFlow, JAX and PyTorch.

Everything above this module is written with ``keras.ops`` and numpy; only taking a gradient
differs between the backends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

Scalar = Callable[..., Any]  # backend tensors -> a scalar backend tensor


def value_and_gradient(fn: Scalar, inputs: Sequence[np.ndarray],
                       wrt: int = 0) -> tuple[float, np.ndarray]:
    """``fn(*inputs)`` and its gradient with respect to ``inputs[wrt]``, as numpy."""
    import keras

    arrays = [np.asarray(a, dtype="float32") for a in inputs]
    backend = keras.backend.backend()
    if backend == "tensorflow":
        return _tensorflow(fn, arrays, wrt)
    if backend == "jax":
        return _jax(fn, arrays, wrt)
    if backend == "torch":
        return _torch(fn, arrays, wrt)
    raise NotImplementedError(f"gradients on the {backend} backend")


def _tensorflow(fn: Scalar, arrays: list[np.ndarray], wrt: int) -> tuple[float, np.ndarray]:
    import tensorflow as tf

    tensors = [tf.convert_to_tensor(a) for a in arrays]
    with tf.GradientTape() as tape:
        tape.watch(tensors[wrt])
        value = fn(*tensors)
    return float(value), np.asarray(tape.gradient(value, tensors[wrt]))


def _jax(fn: Scalar, arrays: list[np.ndarray], wrt: int) -> tuple[float, np.ndarray]:
    import jax

    tensors = [jax.numpy.asarray(a) for a in arrays]

    def varied(x: Any) -> Any:
        return fn(*tensors[:wrt], x, *tensors[wrt + 1:])

    value, grad = jax.value_and_grad(varied)(tensors[wrt])
    return float(value), np.asarray(grad)


def _torch(fn: Scalar, arrays: list[np.ndarray], wrt: int) -> tuple[float, np.ndarray]:
    import keras
    import torch

    tensors = [keras.ops.convert_to_tensor(a) for a in arrays]  # on Keras's device
    tensors[wrt].requires_grad_(True)
    value = fn(*tensors)
    (grad,) = torch.autograd.grad(value, tensors[wrt])
    return float(value.detach().cpu()), grad.detach().cpu().numpy()
