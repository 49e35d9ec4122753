"""How many keras.applications models render, in sphinx-kerasviz and in keras.utils.plot_model.

    .venv/bin/python bench/zoo.py            (or: make zoo)

For every application (``weights=None``) and for a model with markup in its layer names, each
tool draws the architecture diagram as SVG on this machine; the script prints a table and the
counts. Like the other benchmarks it never fails: it reports.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import keras

from sphinx_kerasviz.api import graph_view

sys.path.insert(0, str(Path(__file__).parent.parent / "tests" / "models"))
import hostile_models


def ours(model: keras.Model, out: Path) -> None:
    graph_view(model).save(out / "ours.svg")


def plot_model(model: keras.Model, out: Path) -> None:
    keras.utils.plot_model(model, to_file=str(out / "plot_model.svg"), show_shapes=True)


def attempt(tool: Callable[[keras.Model, Path], None], model: keras.Model) -> tuple[str, float]:
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            tool(model, Path(tmp))
        except Exception as exc:  # a report, not a test
            message = str(exc).strip().splitlines()[0][:60] if str(exc).strip() else ""
            return f"fails: {type(exc).__name__} {message}", time.perf_counter() - start
    return "ok", time.perf_counter() - start


def main() -> None:
    names = sorted(name for name in dir(keras.applications) if name[0].isupper())
    factories = {name: getattr(keras.applications, name) for name in names}
    factories["(markup in layer names)"] = lambda weights=None: hostile_models.hostile_names()
    counts = {"ours": 0, "plot_model": 0}
    print(f"keras {keras.__version__}, backend {keras.backend.backend()}\n")
    print("| model | layers | sphinx-kerasviz | plot_model |")
    print("| --- | ---: | --- | --- |")
    for name, factory in factories.items():
        keras.backend.clear_session()
        model = factory(weights=None)
        cells = []
        for tool_name, tool in (("ours", ours), ("plot_model", plot_model)):
            result, seconds = attempt(tool, model)
            counts[tool_name] += result == "ok"
            cells.append(f"{result} ({seconds:.1f} s)")
        print(f"| {name} | {len(model.layers)} | {cells[0]} | {cells[1]} |", flush=True)
    total = len(factories)
    print(f"\nrendered: sphinx-kerasviz {counts['ours']}/{total}, "
          f"plot_model {counts['plot_model']}/{total}")


if __name__ == "__main__":
    main()
