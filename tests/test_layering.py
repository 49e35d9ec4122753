"""The package's imports run one way: entry points and Sphinx glue on top, features below,
shared pieces at the bottom; pure data and views import no Sphinx, no Keras and no reader.

Every import is read from the source with :mod:`ast` (those inside functions and under
``TYPE_CHECKING`` too), so a lazy import cannot hide a wrong direction.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import sphinx_kerasviz

PACKAGE = Path(sphinx_kerasviz.__file__).parent
#: Each part of the package (a folder, or a module at the root) and its layer: a module may
#: import its own part, or a part of a lower layer; never a higher one, never a sibling.
LAYERS = {
    "errors": 0,  # shared pieces: the one exception type, then files, options and event files
    "files": 1, "options": 1, "tensorboard_events": 1,
    "model": 2,  # reading a model: the only feature the others build on
    "views": 3,  # pure diagram and table views of a model description
    "drawing": 4,  # Graphviz, matplotlib, the layered renderer, the standalone page
    "history": 5, "weights": 5, "explain": 5, "card": 5,  # features
    "readers": 5,  # reader processes: where the features' reads run
    "api": 6, "sphinxext": 6,  # the Python API and the Sphinx glue
    "cli": 7,  # the command line (on the API)
    "__init__": 8, "__main__": 8,  # entry points
}
#: Plain data and views: no Sphinx, no Keras, no reader, even through what they import
#: (docutils, which parses option values, is allowed).
PURE = (
    "model.description", "views.", "history.data", "history.plot", "history.table",
    "weights.data", "weights.plots", "explain.data", "explain.plots", "card.sections",
)
READERS = (
    "model.reader", "model.describe", "model.cache", "history.reader", "weights.reader",
    "weights.file", "weights.tensorboard", "explain.reader", "explain.inputs", "explain.methods",
    "tensorboard_events", "card.schema", "card.metrics",
)
#: Where Keras and its backends may be imported: where models are read or run.
KERAS = ("keras", "tensorflow", "tf_keras", "jax", "torch")
READS_MODELS = ("model.reader", "model.describe", "model.calls", "model.graph_trace",
                "explain.inputs", "explain.methods", "explain.gradients", "weights.callbacks")
FORBIDDEN_IN_PURE = ("sphinx", *KERAS)


def module_name(path: Path, package: Path) -> str:
    """``views.dot`` for ``sphinx_kerasviz/views/dot.py``; ``__init__`` for the package."""
    parts = path.relative_to(package).with_suffix("").parts
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def modules(package: Path) -> dict[str, Path]:
    return {module_name(path, package): path for path in sorted(package.rglob("*.py"))}


def part(module: str) -> str:
    return module.split(".")[0]


def imports(path: Path, known: dict[str, Path], root: str) -> Iterator[tuple[str, int]]:
    """``(imported, line)`` for every import in ``path``: package modules by their module name
    (``views.dot``; the package itself is ``__init__``), others by their top-level name."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _resolve(alias.name, None, known, root, node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                yield from _resolve(node.module, alias.name, known, root, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            raise AssertionError(f"{path}:{node.lineno}: relative import")


def _resolve(module: str, name: str | None, known: dict[str, Path], root: str,
             line: int) -> Iterator[tuple[str, int]]:
    if module != root and not module.startswith(f"{root}."):
        yield module.split(".")[0], line
        return
    inner = module.removeprefix(root).lstrip(".")
    if name is not None and ".".join(filter(None, (inner, name))) in known:
        inner = ".".join(filter(None, (inner, name)))  # ``from sphinx_kerasviz.x import mod``
    yield (inner or "__init__"), line


def graph(package: Path) -> dict[str, list[tuple[str, int]]]:
    known = modules(package)
    return {name: list(imports(path, known, package.name)) for name, path in known.items()}


def direction_problems(package: Path) -> list[str]:
    edges = graph(package)
    problems = []
    for module, found in edges.items():
        if part(module) not in LAYERS:
            problems.append(f"{module}: not in a known part of the package")
            continue
        for imported, line in found:
            if imported.split(".")[0] in KERAS and not module.startswith(READS_MODELS):
                problems.append(f"{module}:{line} imports {imported} (Keras only where models "
                                "are read)")
            if imported not in edges or part(imported) == part(module):
                continue
            if part(imported) not in LAYERS or LAYERS[part(imported)] >= LAYERS[part(module)]:
                problems.append(f"{module}:{line} imports {imported} (upward or sideways)")
    return problems


def reachable(start: str, edges: dict[str, list[tuple[str, int]]]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for imported, _line in edges.get(todo.pop(), []):
            if imported not in seen:
                seen.add(imported)
                todo.append(imported)
    return seen


def purity_problems(package: Path) -> list[str]:
    edges = graph(package)
    problems = []
    for module in edges:
        if not module.startswith(PURE):
            continue
        for imported in sorted(reachable(module, edges)):
            if imported.split(".")[0] in FORBIDDEN_IN_PURE or imported.startswith(READERS):
                problems.append(f"{module} reaches {imported}")
    return problems


def cycles(package: Path) -> list[str]:
    """The modules that import themselves through others."""
    edges = graph(package)
    return [module for module in edges if module in reachable(module, edges)]


def test_every_import_runs_downward() -> None:
    assert direction_problems(PACKAGE) == []


def test_data_and_views_are_pure() -> None:
    assert purity_problems(PACKAGE) == []


def test_no_import_cycles() -> None:
    assert cycles(PACKAGE) == []


def write(root: Path, files: dict[str, str]) -> Path:
    package = root / "sphinx_kerasviz"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return package


@pytest.mark.parametrize(("files", "problem"), [
    ({"views/dot.py": "from sphinx_kerasviz.sphinxext import nodes\n",
      "sphinxext/nodes.py": ""}, "views.dot:1 imports sphinxext.nodes (upward or sideways)"),
    ({"history/plot.py": "def f():\n    from sphinx_kerasviz.weights.data import X\n",
      "weights/data.py": ""}, "history.plot:2 imports weights.data (upward or sideways)"),
    ({"sphinxext/setup.py": "from sphinx_kerasviz import __version__\n", "__init__.py": ""},
     "sphinxext.setup:1 imports __init__ (upward or sideways)"),
    ({"views/table.py": "import keras\n"}, "views.table:1 imports keras"),
    ({"keras_reader.py": ""}, "keras_reader: not in a known part of the package"),
])
def test_a_wrong_direction_is_found(tmp_path: Path, files: dict[str, str], problem: str) -> None:
    found = direction_problems(write(tmp_path, files))
    assert any(line.startswith(problem) for line in found), found


def test_a_view_that_reaches_a_reader_is_found(tmp_path: Path) -> None:
    package = write(tmp_path, {
        "history/plot.py": "from sphinx_kerasviz.history.data import History\n",
        "history/data.py": "from sphinx_kerasviz.history.reader import read_history\n",
        "history/reader.py": "import csv\n",
    })
    assert "history.plot reaches history.reader" in purity_problems(package)


def test_a_cycle_is_found(tmp_path: Path) -> None:
    package = write(tmp_path, {"model/a.py": "from sphinx_kerasviz.model import b\n",
                               "model/b.py": "from sphinx_kerasviz.model.a import x\n"})
    assert cycles(package) == ["model.a", "model.b"]
