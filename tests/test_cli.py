"""The ``kerasviz`` command and the Python API, driven for real (Keras, dot, poppler)."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import keras
import pytest

from sphinx_kerasviz import graph_view, summary_table
from sphinx_kerasviz.views.dot import SMALLEST_FONT_PT

import kerasviz_test_models as models
from support.paths import MODELS


def kerasviz(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(MODELS), "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run([sys.executable, "-m", "sphinx_kerasviz", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, check=False)


def pdf_words(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def word_heights(words: str) -> list[float]:
    boxes = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', words)
    return [float(y2) - float(y1) for y1, y2 in boxes]


def test_graph_pdf_is_vector_with_fonts(tmp_path: Path) -> None:
    out = tmp_path / "cnn.pdf"
    result = kerasviz("graph", "kerasviz_test_models.sequential_cnn(num_classes=3)", "-o", str(out),
                      "--rankdir", "LR", "--show-dtype", "--no-show-layer-names")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True,
                            check=True).stdout.splitlines()
    assert len(images) == 2  # header lines only: no raster image
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert len(fonts) > 2 and all(" yes " in line for line in fonts[2:])  # embedded
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "MaxPooling2D" in text and "float32" in text and "max_pooling2d" not in text
    svg = tmp_path / "cnn.svg"
    assert kerasviz("graph", "kerasviz_test_models.sequential_cnn", "-o", str(svg)).returncode == 0
    content = svg.read_text()
    assert ">max_pooling2d</text>" in content and "<image" not in content  # text, not pixels


def test_repeated_runs_give_identical_bytes(tmp_path: Path) -> None:
    for suffix in ("svg", "pdf", "png"):
        files = []
        for run in ("a", "b"):
            out = tmp_path / f"{run}.{suffix}"
            assert kerasviz("graph", "kerasviz_test_models.nested", "-o", str(out),
                            "--expand-nested").returncode == 0
            files.append(out.read_bytes())
        assert files[0] == files[1], suffix


def test_png_dpi(tmp_path: Path) -> None:
    low, high = tmp_path / "low.png", tmp_path / "high.png"
    assert kerasviz("graph", "kerasviz_test_models.branched", "-o", str(low)).returncode == 0
    assert kerasviz("graph", "kerasviz_test_models.branched", "-o", str(high),
                    "--dpi", "192").returncode == 0
    width = lambda p: int.from_bytes(p.read_bytes()[16:20], "big")  # noqa: E731 (PNG IHDR)
    assert abs(width(high) - 2 * width(low)) <= 2


@pytest.mark.parametrize("fmt", ["md", "csv", "latex", "rst", "html"])
def test_summary_totals_equal_keras(fmt: str) -> None:
    result = kerasviz("summary", "kerasviz_test_models.multi_io", "--format", fmt)
    assert result.returncode == 0, result.stderr
    keras.backend.clear_session()
    total = f"{models.multi_io().count_params():,}"
    assert total in result.stdout
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[0][:4] == ["Layer", "Type", "Output shape", "Param #"]
        assert rows[-3][0] == "Total params" and rows[-3][3].startswith(total + " (")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["graph", "no_such_module.build", "-o", "x.svg"], "no module named 'no_such_module'"),
        (["graph", "kerasviz_test_models.raises", "-o", "x.svg"], "factory exploded"),
        (["graph", "kerasviz_test_models.branched", "-o", "x.gif"],
         "use .svg, .pdf, .png or .html"),
        (["graph", "kerasviz_test_models.branched", "-o", "x.svg", "--rankdir", "up"],
         "expected one of TB, LR, BT, RL"),
        (["graph", "kerasviz_test_models.branched", "-o", "x.svg", "--max-width", "wide"],
         "expected a length such as 6in"),
        (["graph", "kerasviz_test_models.branched"], "the following arguments are required"),
        (["graph", "kerasviz_test_models.build(open('x'))", "-o", "x.svg"], "is not a literal"),
        (["summary", "missing.keras"], "model file not found"),
        (["summary", "kerasviz_test_models.branched", "--format", "docx"], "invalid choice"),
        (["graph", "kerasviz_test_models.branched", "-o", "/nonexistent/dir/x.svg"],
         "No such file or directory"),
    ],
)
def test_bad_input_is_one_line_and_status_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = kerasviz(*args, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kerasviz"), result.stderr
    assert message in lines[0]
    assert list(tmp_path.iterdir()) == []


MISBEHAVING = """import ctypes, os, time
import keras


def mlp():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])


def exits():
    os._exit(3)


def segfault():
    ctypes.string_at(0)
    return mlp()


def hangs():
    while True:
        time.sleep(1)


def hungry():
    weights = bytearray(64 * 2**30)
    return mlp()
"""


@pytest.mark.parametrize(
    ("factory", "extra", "message"),
    [
        ("exits", [], "the model reader exited with status 3 while reading"),
        ("segfault", [], "the model reader was killed by signal SIGSEGV while reading"),
        ("hangs", ["--read-timeout", "2"], "reading took longer than 2 s"),
        ("hungry", ["--read-memory", "2G"], "needed more memory than the 2G"),
    ],
)
def test_a_misbehaving_factory_ends_its_reader_not_the_command(
    tmp_path: Path, factory: str, extra: list[str], message: str
) -> None:
    (tmp_path / "cli_misbehaving.py").write_text(MISBEHAVING)
    result = kerasviz("graph", f"cli_misbehaving.{factory}", "-o", "x.svg", *extra, cwd=tmp_path)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("kerasviz")]
    assert lines == [f"kerasviz: error: {lines[0].split(': ', 2)[-1]}"] and message in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".svg") == []


def test_help_explains_every_option() -> None:
    result = kerasviz("graph", "--help")
    assert result.returncode == 0
    for option in ("--rankdir", "--show-dtype", "--expand-nested", "--input-shape", "--wrap",
                   "--max-width", "--max-height", "--dpi", "--no-show-shapes"):
        assert option in result.stdout
    assert "diagram direction: TB, LR, BT, RL" in result.stdout


def test_small_labels_are_reported(tmp_path: Path) -> None:
    out = tmp_path / "tall.pdf"
    result = kerasviz("graph", "kerasviz_test_models.tall(depth=150)", "-o", str(out),
                      "--rankdir", "LR", "--max-width", "6in")
    assert result.returncode == 0 and out.is_file()
    assert re.search(r"labels shrink to \d\.\d+ pt \(under 6 pt\); try --wrap N", result.stderr)


@pytest.mark.parametrize(("width", "height"), [("6.27in", "9.69in"), ("6.5in", "9in")])
def test_wrapped_120_layer_chain_fits_a_page_legibly(tmp_path: Path, width: str,
                                                      height: str) -> None:
    """Folded into rows of 7 (visible arrows between them), a 120-layer chain fits the text area
    of an A4 or letter page."""
    out = tmp_path / "chain.pdf"
    result = kerasviz("graph", "kerasviz_test_models.tall(depth=120)", "-o", str(out),
                      "--rankdir", "LR", "--wrap", "7", "--max-width", width,
                      "--max-height", height)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    box = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", out.read_bytes())
    assert float(box.group(1)) <= float(width[:-2]) * 72 + 1
    assert float(box.group(2)) <= float(height[:-2]) * 72 + 1
    words = pdf_words(out)
    heights = word_heights(words)
    # Calibrate: the smallest word box of an unscaled diagram belongs to a 9 pt label.
    natural = tmp_path / "natural.pdf"
    assert kerasviz("graph", "kerasviz_test_models.tall(depth=3)", "-o", str(natural),
                    "--wrap", "8").returncode == 0
    points_per_unit = SMALLEST_FONT_PT / min(word_heights(pdf_words(natural)))
    assert len(heights) > 120 * 3 and min(heights) * points_per_unit >= 6
    for i in range(1, 120):
        assert f">dense_{i}</word>" in words
    view = graph_view("kerasviz_test_models.tall(depth=120)", rankdir="LR", wrap=7,
                      max_width=width, max_height=height)
    assert view.smallest_label_pt() >= 6
    unwrapped = graph_view("kerasviz_test_models.tall(depth=150)", rankdir="LR",
                           max_width=width, max_height=height)
    assert unwrapped.smallest_label_pt() < 1


def test_python_api_with_a_model_object(tmp_path: Path) -> None:
    model = models.shared()
    view = graph_view(model, show_params=True)
    svg = view._repr_svg_()
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "shared_dense" in svg
    assert view.smallest_label_pt() == SMALLEST_FONT_PT
    table = summary_table(model)
    assert table.totals["total"] == model.count_params()
    assert table.rows[2]["name"] == "shared_dense"
    assert table.rows[2]["output_shape"] == "(None, 10, 5)\n(None, 4, 5)"
    assert table.rows[2]["connected_to"] == ["a[0][0]", "b[0][0]"]
    assert f"{model.count_params():,}" in table.to_markdown()
    assert "<table" in table._repr_html_()
    with pytest.raises(TypeError, match="unknown option 'colour'"):
        graph_view(model, colour="red")


def test_api_builds_an_unbuilt_model() -> None:
    table = summary_table(models.unbuilt(), input_shape=(7,))
    assert table.totals["total"] == 7 * 4 + 4 + 4 * 2 + 2


def test_targets_in_the_current_directory(tmp_path: Path) -> None:
    (tmp_path / "here_models.py").write_text(
        "import keras\n\ndef build():\n"
        "    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name='d')])\n"
    )
    script = Path(sys.executable).parent / "kerasviz"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([str(script), "summary", "here_models.build", "--format", "csv"],
                            capture_output=True, text=True, cwd=tmp_path, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert "d,Dense,\"(None, 2)\",8" in result.stdout
