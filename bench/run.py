"""Build-speed benchmark: sphinx-kerasviz against a plain plot_model + summary script.

    make bench            (or: .venv/bin/python bench/run.py)

One run, one machine. A reference project of nine keras.applications models (one page each, and
one of them built by a local factory module) is built with ``sphinx-build``: cold, warm (nothing
changed), after a prose edit and after editing the factory, with ``-j 1`` and ``-j 2`` (cold
builds three times each, in turn, the median reported). The same project with the directives
removed gives the floor of a warm rebuild. A plain script does the same work with
``keras.utils.plot_model`` and ``model.summary()``. Every command runs in a fresh process; the
script prints seconds, peak memory (resident set of the process tree) and the ratios the
targets are stated in. Then our own part (reading a built model and writing its DOT text) is
timed on synthetic models of 1,000, 5,000 and 10,000 layers.

Benchmarks are not tests: nothing here fails on a slow machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUIET = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}  # TensorFlow's start-up lines off
ROUNDS = 3  # cold builds of each -j; the median is reported
APPLICATIONS = ["MobileNetV2", "ResNet50", "DenseNet121", "EfficientNetB0", "InceptionV3",
                "NASNetMobile", "Xception", "VGG16"]
FACTORY = '''import keras


def build():
    """ConvNeXtTiny from a project's own module."""
    return keras.applications.ConvNeXtTiny(weights=None)
'''
PLAIN = '''import io, sys
from pathlib import Path
import keras
sys.path.insert(0, sys.argv[1])
import bench_models
out, fmt = Path(sys.argv[2]), sys.argv[3]
out.mkdir(exist_ok=True)
factories = [getattr(keras.applications, name) for name in {apps!r}] + [bench_models.build]
failed = []
for index, factory in enumerate(factories):
    keras.backend.clear_session()
    model = factory(weights=None) if factory is not bench_models.build else factory()
    try:  # Graphviz aborts on some of plot_model's graphs: counted, as a user would see it
        keras.utils.plot_model(model, to_file=str(out / f"model{{index}}.{{fmt}}"),
                               show_shapes=True)
    except Exception:
        failed.append(model.name)
    text = io.StringIO()
    model.summary(print_fn=lambda line, **kwargs: text.write(line + "\\n"))
    (out / f"model{{index}}.txt").write_text(text.getvalue())
(out / "failed.txt").write_text(" ".join(failed))
'''
SYNTHETIC = '''import sys, time
sys.setrecursionlimit(200000)
import keras
from sphinx_kerasviz.model.describe import describe
from sphinx_kerasviz.options import Options
from sphinx_kerasviz.views.dot import to_dot
for count in (1000, 5000, 10000):
    inputs = keras.Input((4,))
    x = inputs
    for _ in range(count // 2):
        x = keras.layers.Add()([x, keras.layers.Dense(4)(x)])
    model = keras.Model(inputs, x)
    start = time.perf_counter()
    description = describe(model)
    read = time.perf_counter() - start
    start = time.perf_counter()
    to_dot(description, Options())
    dot = time.perf_counter() - start
    layers = len(model.layers)
    print(f"{layers:>6,} layers: read {read:6.2f} s, DOT text {dot:5.2f} s, "
          f"{1e6 * (read + dot) / layers:5.0f} us per layer", flush=True)
    del model, description, inputs, x
    keras.backend.clear_session()
'''


def run(args: list[str]) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of a command, in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=QUIET)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(args)}")
    return seconds, usage.ru_maxrss / 1024


def imports(count: int) -> float:
    """Seconds until ``count`` fresh processes, started at once, have each imported Keras
    (they leave without TensorFlow's clean-up, as Sphinx's workers do)."""
    start = time.perf_counter()
    processes = [subprocess.Popen([sys.executable, "-c", "import keras, os; os._exit(0)"],
                                  env=QUIET, stderr=subprocess.DEVNULL) for _ in range(count)]
    if any(process.wait() for process in processes):
        raise SystemExit("failed: import keras")
    return time.perf_counter() - start


def sphinx(source: Path, out: Path, *extra: str) -> tuple[float, float]:
    return run([sys.executable, "-m", "sphinx", "-q", "-b", "html", *extra, str(source),
                str(out)])


def project(root: Path, directives: bool = True, pages: list[str] | None = None) -> Path:
    source = root / ("docs" if directives else "plain") / "-".join(pages or [])
    source.mkdir(parents=True)
    extensions = ["sphinx_kerasviz"] if directives else []
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(source)!r})\nextensions = {extensions!r}\n")
    pages = pages or [*APPLICATIONS, "factory"]
    (source / "index.rst").write_text(
        "Models\n======\n\n.. toctree::\n\n" + "".join(f"   {page}\n" for page in pages))
    for page in pages:
        target = ("bench_models.build" if page == "factory"
                  else f"keras.applications.{page}(weights=None)")
        directive = f".. keras-model:: {target}\n" if directives else ""
        (source / f"{page}.rst").write_text(
            f"{page}\n{'=' * len(page)}\n\nSome prose about the model.\n\n{directive}")
    (source / "bench_models.py").write_text(FACTORY)
    return source


def cold_builds(source: Path, root: Path) -> dict[str, list[tuple[float, float]]]:
    """Cold builds with ``-j 1`` and ``-j 2`` in turn, so that this machine's slow spells
    (it shares its host) fall on both alike; each leaves its output in ``root/out-N``."""
    rows: dict[str, list[tuple[float, float]]] = {"1": [], "2": []}
    for _ in range(ROUNDS):
        for jobs, runs in rows.items():
            shutil.rmtree(root / f"out-{jobs}", ignore_errors=True)
            runs.append(sphinx(source, root / f"out-{jobs}", "-j", jobs))
    return rows


def rebuilds(source: Path, out: Path, jobs: str) -> dict[str, tuple[float, float]]:
    sphinx(source, out, "-j", jobs)  # up to date with the edits of the other -j
    rows = {"warm": sphinx(source, out, "-j", jobs)}
    page = source / "ResNet50.rst"
    page.write_text(page.read_text().replace("prose", f"prose (-j {jobs})"))
    rows["prose edit"] = sphinx(source, out, "-j", jobs)
    module = source / "bench_models.py"
    module.write_text(module.read_text() + f"\n# edited ({jobs})\n")
    rows["factory edit"] = sphinx(source, out, "-j", jobs)
    return rows


def main() -> None:
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = project(root)
        # Both sides then start with Keras's files in the page cache; "cold" means no model
        # cache and no Sphinx environment, not a disk that has never been read.
        run([sys.executable, "-c", "import keras"])
        colds = cold_builds(source, root)
        results = {}
        for jobs, runs in colds.items():
            times = sorted(run[0] for run in runs)
            print(f"sphinx-kerasviz -j {jobs} cold (runs: "
                  f"{', '.join(f'{run[0]:.1f}' for run in runs)} s)", flush=True)
            results[jobs] = {"cold": (times[len(times) // 2], max(run[1] for run in runs)),
                             **rebuilds(source, root / f"out-{jobs}", jobs)}
            for name, (seconds, memory) in results[jobs].items():
                print(f"sphinx-kerasviz -j {jobs} {name:<13} {seconds:6.1f} s  {memory:6.0f} MB",
                      flush=True)
        largest = sphinx(project(root, pages=["VGG16"]), root / "vgg-out")
        print(f"VGG16 alone (largest), cold     {largest[0]:6.1f} s  {largest[1]:6.0f} MB")
        plain_source = project(root, directives=False)
        sphinx_alone = sphinx(plain_source, root / "plain-out")
        floor = sphinx(plain_source, root / "plain-out")
        print(f"no directives, cold            {sphinx_alone[0]:6.1f} s  {sphinx_alone[1]:6.0f} MB")
        print(f"no directives, warm rebuild    {floor[0]:6.1f} s  {floor[1]:6.0f} MB")
        script = PLAIN.format(apps=APPLICATIONS)
        plain = {}
        for fmt in ("png", "svg"):
            plain[fmt] = run([sys.executable, "-c", script, str(source), str(root / fmt), fmt])
            failed = (root / fmt / "failed.txt").read_text() or "none"
            print(f"plot_model ({fmt}) + summary     {plain[fmt][0]:6.1f} s  "
                  f"{plain[fmt][1]:6.0f} MB  (diagrams that failed: {failed})", flush=True)
        keras_alone = min(imports(1) for _ in range(3))
        keras_two = min(imports(2) for _ in range(3))
        print(f"import keras (best of 3): one process {keras_alone:.1f} s, "
              f"two at once {keras_two:.1f} s")
    one, two = results["1"], results["2"]
    # What -j 2 could reach at best: Sphinx alone and the Keras import (two processes at once)
    # stay; the rest of the cold -j 1 build, TensorFlow's clean-up at exit included (which
    # -j 2 does not pay), is split perfectly in two; the imports are timed at their best. An
    # upper bound, then.
    shared = one["cold"][0] - sphinx_alone[0] - keras_alone
    best = one["cold"][0] / (sphinx_alone[0] + keras_two + shared / 2)
    print("\ntargets")
    print(f"  cold -j 1 / plain script (svg): {one['cold'][0] / plain['svg'][0]:.2f} "
          f"(png, plot_model's default: {one['cold'][0] / plain['png'][0]:.2f}); target <= 1.1")
    print(f"  warm -j 1 minus no-directive warm: {one['warm'][0] - floor[0]:+.2f} s; "
          "target <= 0.5 s")
    print(f"  prose edit -j 1: {one['prose edit'][0]:.2f} s; target < 1.5 s")
    print(f"  cold -j 1 / cold -j 2: {one['cold'][0] / two['cold'][0]:.2f}; target >= 1.5 "
          f"(a perfect split of the rest would give {best:.2f})")
    print(f"  peak memory, cold -j 1 / VGG16 alone: {one['cold'][1] / largest[1]:.2f}")
    print("\nour part on synthetic models (reading a built model, writing DOT)")
    subprocess.run([sys.executable, "-c", SYNTHETIC], check=True, env=QUIET,
                   stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
