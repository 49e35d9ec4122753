"""Train the models the "Inside the model" page explains (outside the docs build).

Run ``python docs/train_explain.py`` (CPU, seeded, under a minute); it rewrites
``docs/_static/explain/``:

- ``digits_cnn.keras``: a small CNN on scikit-learn's 8x8 digits (shipped with the package, no
  download), ``digits_test.npy``, a few test images it did not train on, and
  ``metrics.json``, its test metrics (accuracy with a 95% Wilson interval, overall and per
  slice, and the loss), and ``history.csv``, its training log (the validation columns are
  measured on the test images; nothing was tuned on them): ``card.yaml``, the model card on
  "Model cards in CI", reads them;
- ``moons_mlp.keras`` and ``moons.csv``: a binary classifier of scikit-learn's two moons (made
  up by a seeded generator);
- ``iris_mlp.keras`` and ``iris.csv``: a three-class classifier of the iris flowers (four
  features; the page draws two and holds the others fixed).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
from sklearn.datasets import load_digits, load_iris, make_moons

OUT = Path(__file__).resolve().parent / "_static" / "explain"
SEED = 3


def digits_cnn() -> keras.Model:
    """8x8x1 -> three 3x3 convolutions -> global average -> 10 classes (about 14,000 weights).

    The global average before the classifier is the architecture Grad-CAM assumes: each
    class's score is a weighted sum of the last convolution's maps.
    """
    inputs = keras.Input((8, 8, 1), name="image")
    x = keras.layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1")(inputs)
    x = keras.layers.Conv2D(32, 3, padding="same", activation="relu", name="conv2")(x)
    x = keras.layers.Conv2D(32, 3, padding="same", activation="relu", name="conv3")(x)
    x = keras.layers.GlobalAveragePooling2D(name="average")(x)
    outputs = keras.layers.Dense(10, activation="softmax", name="digit")(x)
    return keras.Model(inputs, outputs, name="digits_cnn")


def mlp(features: int, classes: int, name: str) -> keras.Model:
    binary = classes == 2
    return keras.Sequential([
        keras.Input((features,), name="features"),
        keras.layers.Dense(16, activation="relu", name="hidden1"),
        keras.layers.Dense(16, activation="relu", name="hidden2"),
        keras.layers.Dense(1 if binary else classes,
                           activation="sigmoid" if binary else "softmax", name="classes"),
    ], name=name)


def fit(model: keras.Model, x: np.ndarray, y: np.ndarray, epochs: int, binary: bool,
        **extra: object) -> float:
    loss = "binary_crossentropy" if binary else "sparse_categorical_crossentropy"
    model.compile(keras.optimizers.Adam(0.01), loss, metrics=["accuracy"])
    history = model.fit(x, y, epochs=epochs, batch_size=32, verbose=0, shuffle=True, **extra)
    return float(history.history["accuracy"][-1])


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    keras.utils.set_random_seed(SEED)

    digits = load_digits()
    order = np.random.default_rng(SEED).permutation(len(digits.target))
    images = (digits.images[order] / 16.0).astype("float32")[..., None]
    labels = digits.target[order]
    cnn = digits_cnn()
    accuracy = fit(cnn, images[:1500], labels[:1500], 40, binary=False,
                   validation_data=(images[1500:], labels[1500:]),
                   callbacks=[keras.callbacks.CSVLogger(str(OUT / "history.csv"))])
    loss, test = cnn.evaluate(images[1500:], labels[1500:], verbose=0)
    write_metrics(OUT / "metrics.json", cnn, images[1500:], labels[1500:], loss)
    save(cnn, digits_cnn, OUT / "digits_cnn.keras")
    np.save(OUT / "digits_test.npy", images[1500:1510])
    print(f"digits CNN: train accuracy {accuracy:.3f}, test accuracy {test:.3f}; "
          f"test labels {labels[1500:1510].tolist()}")

    points, classes = make_moons(300, noise=0.25, random_state=SEED)
    moons = mlp(2, 2, "moons_mlp")
    print(f"moons MLP: accuracy {fit(moons, points, classes, 60, binary=True):.3f}")
    save(moons, lambda: mlp(2, 2, "moons_mlp"), OUT / "moons_mlp.keras")
    write_csv(OUT / "moons.csv", points, classes, ["x1", "x2"])

    iris = load_iris()
    scaled = (iris.data - iris.data.mean(axis=0)) / iris.data.std(axis=0)
    flowers = mlp(4, 3, "iris_mlp")
    print(f"iris MLP: accuracy {fit(flowers, scaled, iris.target, 80, binary=False):.3f}")
    save(flowers, lambda: mlp(4, 3, "iris_mlp"), OUT / "iris_mlp.keras")
    names = [n.replace(" (cm)", "").replace(" ", "_") for n in iris.feature_names]
    write_csv(OUT / "iris.csv", scaled, iris.target, names)


def wilson(hits: int, total: int) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion."""
    z, p = 1.959964, hits / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * np.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return float(centre - half), float(centre + half)


def write_metrics(path: Path, model: keras.Model, images: np.ndarray, labels: np.ndarray,
                  loss: float) -> None:
    """Test accuracy overall and on two slices, with intervals, and the loss, as a card reads
    them (rounded to 4 digits)."""
    right = model.predict(images, verbose=0).argmax(axis=1) == labels
    metrics = []
    for name, chosen in (("all", labels >= 0), ("digits 0-4", labels < 5),
                         ("digits 5-9", labels >= 5)):
        low, high = wilson(int(right[chosen].sum()), int(chosen.sum()))
        metric = {"type": "accuracy", "value": round(float(right[chosen].mean()), 4),
                  "confidence_interval": {"lower_bound": round(low, 4),
                                          "upper_bound": round(high, 4)}}
        if name != "all":
            metric["slice"] = name
        metrics.append(metric)
    metrics.append({"type": "loss", "value": round(float(loss), 4)})
    path.write_text(json.dumps({"metrics": metrics}, indent=2) + "\n", encoding="utf-8")


def save(model: keras.Model, build: object, path: Path) -> None:
    """Save the trained weights in a fresh, uncompiled copy: no optimizer state to ship."""
    copy = build()  # type: ignore[operator]
    copy.set_weights(model.get_weights())
    copy.save(path)


def write_csv(path: Path, points: np.ndarray, labels: np.ndarray, names: list[str]) -> None:
    rows = [",".join([*names, "label"])]
    rows += [",".join([*(f"{v:.4f}" for v in row), str(int(k))])
             for row, k in zip(points, labels, strict=True)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
