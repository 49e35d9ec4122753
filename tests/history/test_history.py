"""keras-history: logs written by a real seeded training, read in three formats, plotted, built."""

from __future__ import annotations

import json
import math
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import keras
import numpy as np
import pytest
from matplotlib.figure import Figure
from sklearn.datasets import load_digits
from sphinx.testing.util import SphinxTestApp

from sphinx_kerasviz.drawing.figures import save_plot
from sphinx_kerasviz.history.plot import best_of, higher_is_better, history_plot, smooth
from sphinx_kerasviz.history.reader import read_history

from support.builds import compile_pdf, python_output
from support.output import kerasviz_warnings, pdf_text

SVG = "{http://www.w3.org/2000/svg}"
EPOCHS = 4


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[float]]]:
    """A 4-epoch seeded training on digits: CSVLogger, History (as JSON) and TensorBoard."""
    out = tmp_path_factory.mktemp("training") / "logs"
    out.mkdir()
    keras.utils.set_random_seed(3)
    digits = load_digits()
    x, y = (digits.data[:600] / 16).astype("float32"), digits.target[:600]
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x[:400], y[:400], validation_data=(x[400:], y[400:]), epochs=EPOCHS,
                        batch_size=50, verbose=0, callbacks=[
                            keras.callbacks.CSVLogger(str(out / "history.csv")),
                            keras.callbacks.TensorBoard(str(out / "tensorboard"),
                                                        write_graph=False)])
    values = {k: [float(v) for v in vs] for k, vs in history.history.items()}
    (out / "history.json").write_text(json.dumps(values))
    return out, values


def path_points(svg: str, gid: str) -> list[tuple[float, float]]:
    """The vertices of the line drawn with ``gid`` in a matplotlib SVG."""
    root = ET.fromstring(svg)
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == gid)
    d = next(group.iter(f"{SVG}path")).get("d")
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", d)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def test_three_formats_equal_the_history(logs) -> None:
    out, values = logs
    csv, js, tb = (read_history(out / name) for name in ("history.csv", "history.json",
                                                         "tensorboard"))
    assert set(values) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    for name, logged in values.items():
        for history in (csv, js):
            series = history.get(name)
            assert series.epochs == tuple(range(1, EPOCHS + 1))
            assert series.values == tuple(logged)  # exactly the logged floats
        assert tb.get(name).epochs == tuple(range(1, EPOCHS + 1))
        assert tb.get(name).values == pytest.approx(logged, rel=1e-6)  # float32 tensors
    assert len(tb.files) == 2  # train/ and validation/


def test_legacy_simple_values_are_read(tmp_path: Path, logs) -> None:
    """Event files with ``simple_value`` scalars (older writers) read as tensors do."""
    from tensorboard.compat.proto import event_pb2, summary_pb2
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    _out, values = logs
    for run, prefix in (("train", ""), ("validation", "val_")):
        writer = EventFileWriter(str(tmp_path / run))
        for step in range(EPOCHS):
            summary = summary_pb2.Summary(value=[
                summary_pb2.Summary.Value(tag=f"epoch_{m}", simple_value=values[prefix + m][step])
                for m in ("loss", "accuracy")])
            writer.add_event(event_pb2.Event(step=step, wall_time=0.0, summary=summary))
        writer.close()
    history = read_history(tmp_path)
    for name, logged in values.items():
        assert history.get(name).values == pytest.approx(logged, rel=1e-6)


def test_plot_data_and_svg_lines_equal_the_csv(logs, tmp_path: Path) -> None:
    out, values = logs
    history = read_history(out / "history.csv")
    plot = history_plot(history)
    assert [p.metric for p in plot.panels] == ["loss", "accuracy"]
    assert [[c.name for c in p.curves] for p in plot.panels] == [
        ["loss", "val_loss"], ["accuracy", "val_accuracy"]]
    assert plot.series() == {k: (tuple(range(1, EPOCHS + 1)), tuple(v))
                             for k, v in values.items()}
    svg = save_plot(plot, tmp_path / "h.svg").read_text()
    for name, logged in values.items():
        points = path_points(svg, f"kerasviz-series-{name}")
        assert len(points) == EPOCHS
        xs, ys = np.array(points).T
        # x and y are affine images of the epochs and the values (y grows downwards in SVG)
        fit_x = np.polyfit(np.arange(1, EPOCHS + 1), xs, 1)
        fit_y = np.polyfit(logged, ys, 1)
        assert fit_x[0] > 0 and fit_y[0] < 0
        assert np.allclose(np.polyval(fit_x, np.arange(1, EPOCHS + 1)), xs, atol=0.02)
        assert np.allclose(np.polyval(fit_y, logged), ys, atol=0.02)


def test_best_epoch_min_for_losses_max_for_accuracy(logs) -> None:
    out, values = logs
    history = read_history(out / "history.csv")
    loss = best_of(history.get("val_loss"))
    assert not loss.maximum
    assert loss.epoch == int(np.argmin(values["val_loss"])) + 1
    assert loss.value == min(values["val_loss"])
    accuracy = best_of(history.get("val_accuracy"))
    assert accuracy.maximum and accuracy.value == max(values["val_accuracy"])
    assert accuracy.epoch == int(np.argmax(values["val_accuracy"])) + 1  # first on a tie
    assert best_of(history.get("val_loss"), maximum=True).value == max(values["val_loss"])
    assert [higher_is_better(n) for n in ("val_auc", "top_k_categorical_accuracy", "mae",
                                          "val_mean_squared_error", "binary_crossentropy",
                                          "precision")] == [True, True, False, False, False,
                                                            True]


def test_smoothing_is_tensorboards_debiased_average() -> None:
    # by hand, weight 0.5: 0.5*1/(1-0.5); (0.25+1)/(1-0.25); (0.625+1.5)/(1-0.125)
    assert smooth((1.0, 2.0, 3.0), 0.5) == pytest.approx((1.0, 1.25 / 0.75, 2.125 / 0.875))
    assert smooth((1.0, 2.0), 0.0) == (1.0, 2.0)
    smoothed = smooth((4.0, math.nan, 4.0), 0.9)
    assert smoothed[0] == pytest.approx(4.0) and math.isnan(smoothed[1])
    assert smoothed[2] == pytest.approx(4.0)  # debiased: a constant stays constant


def test_smoothing_keeps_raw_series_and_log_y(logs, tmp_path: Path) -> None:
    out, values = logs
    plot = history_plot(read_history(out / "history.json"), ("loss",), 0.6, log_y=True)
    curve = plot.panels[0].curves[0]
    assert curve.values == tuple(values["loss"])
    assert curve.smoothed == smooth(tuple(values["loss"]), 0.6)
    figure = Figure()
    plot.draw(figure)
    assert [axes.get_yscale() for axes in figure.axes] == ["log"]
    svg = save_plot(plot, tmp_path / "s.svg").read_text()
    raw = path_points(svg, "kerasviz-raw-loss")
    line = path_points(svg, "kerasviz-series-loss")
    assert len(raw) == len(line) == EPOCHS and raw[0] == line[0] and raw[-1] != line[-1]
    # on a log axis, y is an affine image of log(value)
    fit = np.polyfit(np.log(values["loss"]), [y for _x, y in raw], 1)
    assert np.allclose(np.polyval(fit, np.log(values["loss"])), [y for _x, y in raw], atol=0.02)


def prepare(srcdir: Path, logs: Path) -> None:
    """The logs, and the bad files ``bad.rst`` reads."""
    shutil.copytree(logs, srcdir / "logs")
    bad = srcdir / "bad"
    (bad / "emptydir").mkdir(parents=True)
    (bad / "letters.csv").write_text("epoch,loss\n0,0.5\n1,abc\n")
    (bad / "short-row.csv").write_text("epoch,loss,val_loss\n0,0.5,0.6\n1,0.4\n")
    (bad / "broken.json").write_text('{\n "loss": [0.5,\n  0.4\n')
    (bad / "empty.csv").write_text("")
    shutil.copytree(logs / "tensorboard", bad / "corrupt-tb")
    event = next((bad / "corrupt-tb" / "validation").glob("*tfevents*"))
    data = bytearray(event.read_bytes())
    data[len(data) // 2] ^= 0xFF
    event.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def html(rootdir: Path, tmp_path_factory: pytest.TempPathFactory, logs):
    srcdir = tmp_path_factory.mktemp("html") / "history"
    shutil.copytree(rootdir / "test-history", srcdir)
    prepare(srcdir, logs[0])
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def table_rows(page: str, index: int) -> list[list[str]]:
    table = re.findall(r'<table class="[^"]*kerasviz-history-table.*?</table>', page, re.S)[index]
    return [re.findall(r"<p>(.*?)</p>", row.replace("<wbr />", "").replace("\u00a0", " "))
            for row in re.findall(r"<tr.*?</tr>", table, re.S)]


def test_html_page(html: SphinxTestApp, logs) -> None:
    _out, values = logs
    page = (html.outdir / "index.html").read_text()
    assert [w for w in kerasviz_warnings(html.warning.getvalue()) if "bad.rst" not in w] == []
    blocks = re.findall(r'<div class="kerasviz kerasviz-history[^"]*".*?</table>', page, re.S)
    assert len(blocks) == 3
    assert 'class="kerasviz kerasviz-history extra"' in blocks[1]
    images = re.findall(r'<div class="kerasviz-plot align-(\w+)"( style="width: 60%")?>\s*'
                        r'<div class="kerasviz-pan">\s*<img src="(_images/'
                        r'kerasviz-[0-9a-f]{40}\.svg)" alt="([^"]*)"', page)
    assert [(a, bool(w)) for a, w, _s, _alt in images] == [
        ("center", False), ("center", False), ("left", True)]
    assert images[0][3].startswith("Training history over 4 epochs: loss, accuracy; best val_loss")
    assert re.search(r'<figure class="align-center" id="fig-history">\s*<div class="kerasviz-plot',
                     page)
    assert ('Fig. 1 </span><span class="caption-text">Loss and accuracy from the CSVLogger.'
            in page)
    assert re.search(r'href="#fig-history"><span class="std std-numref">Fig\. 1<', page)
    # the table: final and best values of every series, equal to the logs
    rows = table_rows(page, 0)
    assert rows[0] == ["Series", "Final", "Best", "Best epoch"]
    assert [r[0] for r in rows[1:]] == ["loss", "val_loss", "accuracy", "val_accuracy"]
    for name, final, best, epoch in rows[1:]:
        logged = values[name]
        assert final == f"{logged[-1]:.4g} (epoch {EPOCHS})"
        pick = max if higher_is_better(name) else min
        assert best == f"{pick(logged):.4g} ({pick.__name__})"
        marked = " (marked)" if name == "val_loss" else ""
        assert epoch == f"{logged.index(pick(logged)) + 1}{marked}"
    assert 'class="kerasviz-best' in blocks[0]
    assert [r[0] for r in table_rows(page, 1)[1:]] == ["loss", "val_loss"]
    assert "(marked)" not in str(table_rows(page, 1))  # val_accuracy is marked, not shown
    assert [r[0] for r in table_rows(page, 2)[1:]] == ["accuracy", "val_accuracy"]
    svgs = sorted((html.outdir / "_images").glob("kerasviz-*.svg"))
    assert len(svgs) == 5 and all("<text" in p.read_text() for p in svgs)  # with bad.rst


def test_bad_input_gives_one_located_warning_each(html: SphinxTestApp) -> None:
    warnings = [w for w in kerasviz_warnings(html.warning.getvalue()) if "bad.rst" in w]
    expected = [
        (4, "history", "no such file or directory"),
        (6, "history", "letters.csv, line 3: 'abc' is not a number"),
        (8, "history", "short-row.csv, line 3: 2 values for 3 columns"),
        (10, "history", "broken.json, line 4: not valid JSON"),
        (12, "history", "empty.csv: empty file"),
        (14, "history", "emptydir/: no TensorBoard event files"),
        (16, "history", "corrupt-tb/validation/events.out.tfevents"),
        (18, "history", ":metrics: 'nonsense' is not in the log"),
        (21, "option", ":smooth: expected a number from 0 to 0.99, got '1.5'"),
        (24, "option", ":mark-best: expected a metric name, optionally followed by min or max"),
        (27, "history", ":mark-best: 'val_nothing' is not in the log"),
    ]
    assert len(warnings) == len(expected), warnings
    for warning, (line, subtype, text) in zip(warnings, expected, strict=True):
        assert f"bad.rst:{line}: WARNING: keras-history " in warning, warning
        assert warning.endswith(f"[kerasviz.{subtype}]") and text in warning, warning
    page = (html.outdir / "bad.html").read_text()
    assert page.count('class="kerasviz-plot') == 4  # the build went on; bad options defaulted


def test_editing_a_log_rereads_the_page(html: SphinxTestApp) -> None:
    deps = html.env.dependencies["index"]
    files = {Path(html.srcdir, d).resolve() for d in deps}
    srcdir = Path(html.srcdir)
    assert srcdir / "logs" / "history.csv" in files and srcdir / "logs/history.json" in files
    assert set((srcdir / "logs" / "tensorboard").rglob("*tfevents*")) <= files


def test_deterministic_svg(rootdir: Path, tmp_path: Path, logs) -> None:
    images = []
    for run in ("one", "two"):
        srcdir = tmp_path / run
        shutil.copytree(rootdir / "test-history", srcdir)
        prepare(srcdir, logs[0])
        app = SphinxTestApp("html", srcdir=srcdir)
        try:
            app.build()
        finally:
            app.cleanup()
        images.append({p.name: p.read_bytes()
                       for p in sorted((app.outdir / "_images").glob("kerasviz-*.svg"))})
    assert images[0] == images[1] and len(images[0]) == 5  # bad.rst: 3 alike


@pytest.mark.latex
def test_latex_pdf(rootdir: Path, tmp_path: Path, logs) -> None:
    srcdir = tmp_path / "latex"
    shutil.copytree(rootdir / "test-history", srcdir)
    prepare(srcdir, logs[0])
    app = SphinxTestApp("latex", srcdir=srcdir)
    try:
        app.build()
        tex = (app.outdir / "history.tex").read_text()
        stems = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{(kerasviz-[0-9a-f]{40})\}"
                           r"\.pdf\}", tex)
        assert len(stems) == 3 + 4  # index.rst, and the four plots of bad.rst
        assert r"\label{\detokenize{index:fig-history}}" in tex
        text = pdf_text(compile_pdf(app.outdir), "-layout")
        assert "Best epoch" in text and "val_accuracy" in text and "(marked)" in text
        assert "Loss and accuracy from the CSVLogger" in text
        plot = pdf_text(app.outdir / f"{stems[0]}.pdf")
        assert "best: epoch" in plot and "validation" in plot  # real text in a vector PDF
    finally:
        app.cleanup()


def test_reading_a_history_imports_no_keras(rootdir: Path, tmp_path: Path, logs) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-history", srcdir)
    prepare(srcdir, logs[0])
    script = (
        "import sys\nfrom sphinx.cmd.build import build_main\n"
        f"status = build_main(['-q', '-b', 'html', {str(srcdir)!r}, {str(tmp_path / 'out')!r}])\n"
        "print(status, sorted(m for m in ('keras', 'tensorflow') if m in sys.modules))\n"
    )
    assert python_output(script) == "0 []"
    assert len(list((tmp_path / "out" / "_images").glob("kerasviz-*.svg"))) == 5
