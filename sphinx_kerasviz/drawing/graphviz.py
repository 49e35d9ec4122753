"""Running Graphviz's ``dot``: content-addressed output files, a safer retry, no half-written files.

No Sphinx here; the Sphinx glue and the command line both call :func:`render_dot`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from sphinx_kerasviz.drawing.tiles import Box, Layout
from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.files import content_name, publish, temp_beside

DOT_TIMEOUT = 300
_PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z\)")
#: What an SVG file has that an SVG inside HTML must not: the prolog, comments, and the ids of
#: groups (Graphviz numbers them per file, so two diagrams on a page would share them).
_FILE_ONLY = re.compile(r'<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->|(?<=<g) id="[^"]*"',
                        re.DOTALL)
_GRADIENT = re.compile(r'(id="|url\(#)([lr]_\d+)')
_DRAWN = ("_draw_", "_ldraw_", "_hldraw_", "_tldraw_", "_hdraw_", "_tdraw_")
_INCH = 72.0


def inline_svg(text: str, prefix: str) -> str:
    """Graphviz's SVG file as an element to put inside HTML; its gradients' ids (the only ids
    left) start with ``prefix``, so drawings on one page do not take each other's."""
    return _GRADIENT.sub(rf"\1{prefix}-\2", _FILE_ONLY.sub("", text)).strip()


def render_dot(
    attempts: Sequence[str],
    fmt: str,
    outdir: Path,
    *,
    dot: str = "dot",
    args: Sequence[str] = (),
    timeout: float = DOT_TIMEOUT,
) -> Path:
    """Render the first DOT text of ``attempts`` that ``dot`` accepts into ``outdir``.

    The file is named after ``attempts[0]``, so a cached file is found without running ``dot``.
    Raises ``KerasvizError('render')`` when ``dot`` is missing or fails on every attempt.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / content_name("\0".join([attempts[0], fmt, dot, *args]), fmt)
    if path.is_file():
        return path
    return render_file(attempts, fmt, path, dot=dot, args=args, timeout=timeout)


def render_file(
    attempts: Sequence[str],
    fmt: str,
    path: Path,
    *,
    dot: str = "dot",
    args: Sequence[str] = (),
    timeout: float = DOT_TIMEOUT,
) -> Path:
    """Render the first DOT text of ``attempts`` that ``dot`` accepts into exactly ``path``."""
    errors = []
    for dot_text in attempts:
        error = _run(dot_text, fmt, path, dot, args, timeout)
        if error is None:
            return path
        errors.append(error)
    raise KerasvizError("render", f"Graphviz {dot!r} failed: {errors[-1]}")


def _fix_pdf_date(path: Path) -> None:
    """Cairo writes the clock into every PDF; write ``SOURCE_DATE_EPOCH`` (or 1970) instead."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode()
    data = _PDF_DATE.sub(b"/CreationDate (D:" + stamp + b"Z)", path.read_bytes())
    path.write_bytes(data)  # same length: the cross-reference offsets stay right


def _run(
    dot_text: str, fmt: str, path: Path, dot: str, args: Sequence[str], timeout: float
) -> str | None:
    """Run ``dot`` once; move its output into place on success, else return the reason."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")}
    with temp_beside(path) as tmp:
        try:
            proc = subprocess.run(
                [dot, *args, f"-T{fmt}", "-o", str(tmp)],
                input=dot_text.encode(),
                capture_output=True,
                timeout=timeout,
                env=env,
                check=False,
            )
        except FileNotFoundError:
            raise KerasvizError(
                "render", f"Graphviz {dot!r} was not found; install Graphviz or set graphviz_dot"
            ) from None
        except subprocess.TimeoutExpired:
            return f"no result after {timeout:g} s (kerasviz_dot_timeout)"
        except OSError as exc:
            return str(exc)
        if proc.returncode != 0 or tmp.stat().st_size == 0:
            message = proc.stderr.decode(errors="replace").strip().splitlines()
            return message[-1] if message else f"exit status {proc.returncode}"
        if fmt == "pdf":
            _fix_pdf_date(tmp)
        publish(tmp, path)
        return None


def read_layout(json_text: str) -> Layout:
    """The layout ``dot -Tjson`` wrote: the bounding box, the smallest font and a box around
    every node and every text (cluster titles and edge labels included), in points."""
    graph = json.loads(json_text)
    x0, y0, x1, y1 = (float(v) for v in graph["bb"].split(","))
    labels, sizes = [], []
    for item in [graph, *graph.get("objects", []), *graph.get("edges", [])]:
        if "pos" in item and "width" in item:
            x, y = (float(v) for v in item["pos"].split(","))
            w, h = float(item["width"]) * _INCH / 2, float(item["height"]) * _INCH / 2
            labels.append(Box(x - w, y - h, x + w, y + h))
        size = 14.0  # Graphviz's default font size, until an F operation sets one
        for op in (op for key in _DRAWN for op in item.get(key, [])):
            if op["op"] == "F":
                size = float(op["size"])
                sizes.append(size)
            elif op["op"] == "T":
                labels.append(_text_box(op, size))
    return Layout(Box(x0, y0, x1, y1), min(sizes, default=14.0), tuple(labels))


def _text_box(op: dict, size: float) -> Box:
    """The box of a text operation (baseline point, alignment, width)."""
    x, y = op["pt"]
    width = float(op["width"])
    left = {"l": x, "r": x - width}.get(op["align"], x - width / 2)
    return Box(left, y - 0.3 * size, left + width, y + size)
