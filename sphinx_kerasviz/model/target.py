"""Parse the directive's argument: a dotted path (maybe called with literals) or a saved file.

The argument is parsed with :mod:`ast`; nothing in it is ever evaluated.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from sphinx_kerasviz.errors import KerasvizError

MODEL_FILE_SUFFIXES = (".keras", ".h5", ".hdf5")


@dataclass(frozen=True)
class Target:
    """What to read: ``path`` is a dotted path, or a file name when ``is_file``."""

    path: str
    is_file: bool = False
    called: bool = False
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = field(default=())

    def __str__(self) -> str:
        if not self.called:
            return self.path
        parts = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs]
        return f"{self.path}({', '.join(parts)})"


def parse_target(text: str) -> Target:
    """Turn the directive argument into a :class:`Target`; raise ``KerasvizError('target')``."""
    text = text.strip()
    if not text:
        raise KerasvizError("target", "no model given")
    if text.lower().endswith(MODEL_FILE_SUFFIXES):
        return Target(path=text, is_file=True)
    try:
        expr = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise KerasvizError("target", f"cannot parse {text!r}: {exc.msg}") from None
    if isinstance(expr, ast.Call):
        path = _dotted(expr.func, text)
        args = tuple(_literal(a, text) for a in expr.args)
        kwargs = []
        for kw in expr.keywords:
            if kw.arg is None:
                raise KerasvizError("target", f"'**' is not allowed in {text!r}")
            kwargs.append((kw.arg, _literal(kw.value, text)))
        return Target(path=path, called=True, args=args, kwargs=tuple(kwargs))
    return Target(path=_dotted(expr, text))


def _dotted(node: ast.expr, text: str) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value, text)}.{node.attr}"
    raise KerasvizError("target", f"{text!r} is not a dotted path to a model or factory")


def _literal(node: ast.expr, text: str) -> Any:
    if isinstance(node, ast.Starred):
        raise KerasvizError("target", f"'*' is not allowed in {text!r}")
    try:
        return ast.literal_eval(node)
    except ValueError:
        src = ast.unparse(node)
        raise KerasvizError(
            "target", f"argument {src!r} in {text!r} is not a literal (only literals are allowed)"
        ) from None
