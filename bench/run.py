"""Build-speed benchmark: sphinx-kerasviz against a plain plot_model + summary script.

    make bench            (or: .venv/bin/python bench/run.py [--png])

One run, one machine. A reference project of nine keras.applications models (one page each, and
one of them built by a local factory module) is built with ``sphinx-build``: cold, warm (nothing
changed), after a prose edit and after editing the factory, with ``-j 1`` and ``-j 2``. The
cold builds run three times each, in turn with the plain script that does the same work with
``keras.utils.plot_model`` (SVG) and ``model.summary()``, and the medians are compared
(``--png`` adds the script with plot_model's default format, PNG, once: over a minute); warm
builds and prose edits run three times each too (medians); the
``-j 2`` output is compared with the ``-j 1`` output byte for byte. The same project with the
directives removed (built with the same ``-j``) gives the floor of a warm rebuild and of a prose
edit.

Models are read in reader processes that Sphinx spawns (``sphinx_kerasviz.readers``), so memory
is reported apart: the Sphinx process's own peak (its ``RUSAGE_SELF``, read in the process when
the build ends), the peak of the processes ``-j 2`` forks, and the readers' (the largest one's
peak, and the most they held together, from /proc, sampled while the build runs), with the
number of readers the build started. Where a cold build's time goes: the same project built
with every model in the cache (Sphinx's own part: no reader starts) and ``import keras`` alone
(what a reader pays before its first model). Then our own part (reading a built model and
writing its DOT text) is timed on synthetic models of 1,000, 5,000 and 10,000 layers.

The package is byte-compiled first, as pip leaves an installed package: a checkout run with
``PYTHONDONTWRITEBYTECODE`` would otherwise compile its modules again in every build.

Benchmarks are not tests: nothing here fails on a slow machine.
"""

from __future__ import annotations

import compileall
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "sphinx_kerasviz"
QUIET = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}  # TensorFlow's start-up lines off
ROUNDS = 3  # cold builds of each -j and runs of the plain script; the medians are compared
POLL = 0.1  # seconds between looks at a build's processes
READER = "sphinx_kerasviz.readers.worker"
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
# sphinx-build as ``python -m sphinx`` runs it, then, in the same process, its own peak memory
# and its readers: how many the build started, stopped (and so waited for) before leaving.
SPHINX = '''import json, resource, sys
from pathlib import Path
from sphinx.cmd.build import main
status = main(sys.argv[2:])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
service = sys.modules.get("sphinx_kerasviz.readers.service")
started = 0
if service is not None:
    started = service.pool().started
    service.pool().stop()
Path(sys.argv[1]).write_text(json.dumps({"own": own, "started": started}))
sys.exit(status)
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


@dataclass
class Run:
    """A command's seconds and peak memory (MB): ``memory`` is the process itself (Sphinx's
    own for a build), ``forks`` the largest of the other Python processes under it (``-j N``'s
    workers), ``reader`` the largest reader, ``readers`` the most the readers held at once."""

    seconds: float
    memory: float
    forks: float = 0.0
    reader: float = 0.0
    readers: float = 0.0
    started: int = 0


def status_kb(pid: int) -> dict[str, int]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return {key: int(value.split()[0]) for key, _, value in
            (line.partition(":") for line in text.splitlines())
            if key in ("VmHWM", "VmRSS")}


def descendants(root: int) -> dict[int, bool]:
    """The processes under ``root``, each with whether it is a reader."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            parents.setdefault(int(stat.rpartition(")")[2].split()[1]), []).append(
                int(entry.name))
    found: dict[int, bool] = {}
    todo = list(parents.get(root, []))
    while todo:
        pid = todo.pop()
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        found[pid] = READER.encode() in command
        if "python" in os.path.basename(command[0].decode(errors="replace")) or found[pid]:
            todo.extend(parents.get(pid, []))
        else:
            found.pop(pid)  # dot and the like: neither Sphinx nor a reader
    return found


def watch(process: subprocess.Popen[bytes], result: Run, done: threading.Event) -> None:
    """Sample the memory of ``process``'s descendants until ``done``: peaks (VmHWM) per process
    and the readers' resident memory together."""
    while not done.wait(POLL):
        together = 0
        for pid, reader in descendants(process.pid).items():
            status = status_kb(pid)
            peak = status.get("VmHWM", 0) / 1024
            if reader:
                result.reader = max(result.reader, peak)
                together += status.get("VmRSS", 0)
            else:
                result.forks = max(result.forks, peak)
        result.readers = max(result.readers, together / 1024)


def run(args: list[str], report: Path | None = None) -> Run:
    """A command in a fresh process, timed, its descendants watched. ``report``: the file in
    which the SPHINX driver leaves its own peak memory and its readers."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=QUIET)
    result = Run(0.0, 0.0)
    done = threading.Event()
    watcher = threading.Thread(target=watch, args=(process, result, done))
    watcher.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    result.seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    if status != 0:
        raise SystemExit(f"failed: {' '.join(args)}")
    result.memory = usage.ru_maxrss / 1024  # the process and what it waited for
    if report is not None:
        own = json.loads(report.read_text())
        result.memory, result.started = own["own"] / 1024, own["started"]
    return result


def sphinx(source: Path, out: Path, *extra: str) -> Run:
    report = out.parent / f"{out.name}.json"
    return run([sys.executable, "-c", SPHINX, str(report), "-q", "-b", "html", *extra,
                str(source), str(out)], report)


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


def median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def worst(runs: list[Run]) -> Run:
    """The median's seconds with the largest memory and readers of all the runs."""
    return Run(median(runs).seconds, max(run.memory for run in runs),
               max(run.forks for run in runs), max(run.reader for run in runs),
               max(run.readers for run in runs), max(run.started for run in runs))


def cold_builds(source: Path, root: Path, script: str) -> dict[str, list[Run]]:
    """Cold builds with ``-j 1`` and ``-j 2`` and the plain script in turn, so that this
    machine's slow spells (it shares its host) fall on all alike; each build leaves its output
    in ``root/out-N``."""
    rows: dict[str, list[Run]] = {"1": [], "2": [], "svg": []}
    for _ in range(ROUNDS):
        for jobs in ("1", "2"):
            shutil.rmtree(root / f"out-{jobs}", ignore_errors=True)
            rows[jobs].append(sphinx(source, root / f"out-{jobs}", "-j", jobs))
        shutil.rmtree(root / "svg", ignore_errors=True)
        rows["svg"].append(run([sys.executable, "-c", script, str(source), str(root / "svg"),
                                "svg"]))
        print("  round:", ", ".join(f"{key} {runs[-1].seconds:.1f} s"
                                    for key, runs in rows.items()), flush=True)
    return rows


def differences(one: Path, two: Path) -> tuple[int, list[str]]:
    """Files compared and those that differ between two HTML outputs (doctrees aside)."""
    files = sorted({path.relative_to(root) for root in (one, two) for path in root.rglob("*")
                    if path.is_file() and ".doctrees" not in path.parts})
    differ = [str(path) for path in files
              if not ((one / path).is_file() and (two / path).is_file()
                      and filecmp.cmp(one / path, two / path, shallow=False))]
    return len(files), differ


def prose_edit(source: Path, tag: str) -> None:
    page = source / "ResNet50.rst"
    page.write_text(page.read_text().replace("prose", f"prose ({tag})"))


def quick_builds(source: Path, out: Path, *extra: str) -> dict[str, Run]:
    """Medians of :data:`ROUNDS` warm builds and of as many prose edits (a second or two
    each: one run would be mostly this machine's noise)."""
    sphinx(source, out, *extra)  # up to date with the edits made before
    warm = [sphinx(source, out, *extra) for _ in range(ROUNDS)]
    edits = []
    for round_ in range(ROUNDS):
        prose_edit(source, f"{' '.join(extra)} {round_}")
        edits.append(sphinx(source, out, *extra))
    return {"warm": worst(warm), "prose edit": worst(edits)}


def rebuilds(source: Path, out: Path, jobs: str) -> dict[str, Run]:
    rows = quick_builds(source, out, "-j", jobs)
    module = source / "bench_models.py"
    module.write_text(module.read_text() + f"\n# edited ({jobs})\n")
    rows["factory edit"] = sphinx(source, out, "-j", jobs)
    return rows


def line(name: str, run: Run, readers: bool = True) -> str:
    text = f"{name:<34} {run.seconds:6.1f} s  Sphinx {run.memory:5.0f} MB"
    if run.forks:
        text += f"  -j forks {run.forks:5.0f} MB"
    if readers:
        text += (f"  readers: {run.started} started, largest {run.reader:5.0f} MB, "
                 f"together {run.readers:5.0f} MB")
    return text


def main() -> None:
    png = "--png" in sys.argv[1:]
    began = time.perf_counter()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}; load average before: "
          f"{' '.join(f'{load:.2f}' for load in os.getloadavg())}\n", flush=True)
    compileall.compile_dir(PACKAGE, quiet=1)  # as pip installs it (see the module)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = project(root)
        script = PLAIN.format(apps=APPLICATIONS)
        # Both sides then start with Keras's files in the page cache; "cold" means no model
        # cache and no Sphinx environment, not a disk that has never been read.
        run([sys.executable, "-c", "import keras"])
        print("cold builds and plain script (SVG), in turn", flush=True)
        colds = cold_builds(source, root, script)
        compared, differ = differences(root / "out-1", root / "out-2")
        # Where a cold build's time goes: Sphinx's own part (every model from the cache, no
        # environment: no reader starts) and what a reader pays before its first model. The cache
        # is the last cold build's, taken before the rebuilds edit the factory module.
        own = {}
        for jobs in ("1", "2"):
            out = root / f"cached-{jobs}"
            shutil.copytree(root / "out-2" / ".doctrees" / "kerasviz-cache",
                            out / ".doctrees" / "kerasviz-cache")
            own[jobs] = sphinx(source, out, "-j", jobs)
            print(line(f"models cached, no environment -j {jobs}", own[jobs]), flush=True)
        keras_alone = run([sys.executable, "-c", "import keras, os; os._exit(0)"])
        print(f"import keras (a reader's start)    {keras_alone.seconds:6.1f} s", flush=True)
        results: dict[str, dict[str, Run]] = {}
        for jobs in ("1", "2"):
            results[jobs] = {"cold": worst(colds[jobs]),
                             **rebuilds(source, root / f"out-{jobs}", jobs)}
            for name, result in results[jobs].items():
                print(line(f"sphinx-kerasviz -j {jobs} {name}", result), flush=True)
        plain_svg = median(colds["svg"])
        largest = sphinx(project(root, pages=["VGG16"]), root / "vgg-out")
        print(line("VGG16 alone (largest), cold", largest))
        plain_source = project(root, directives=False)
        # Sphinx's own -j 2 costs something even in a warm build (it forks to finish): each
        # -j is compared with the project without directives built with the same -j.
        floor = {jobs: {"cold": sphinx(plain_source, root / f"plain-{jobs}", "-j", jobs),
                        **quick_builds(plain_source, root / f"plain-{jobs}", "-j", jobs)}
                 for jobs in ("1", "2")}
        for jobs, rows in floor.items():
            for name, result in rows.items():
                print(line(f"no directives -j {jobs}, {name}", result, readers=False))
        plain = {"svg": plain_svg}
        if png:  # plot_model's default format: far slower (a minute and more), so on request
            plain["png"] = run([sys.executable, "-c", script, str(source), str(root / "png"),
                                "png"])
        for fmt, result in plain.items():
            failed = (root / fmt / "failed.txt").read_text() or "none"
            print(f"plot_model ({fmt}) + summary{'':<8} {result.seconds:6.1f} s  "
                  f"{result.memory:6.0f} MB  (diagrams that failed: {failed})", flush=True)
    one, two = results["1"], results["2"]
    print("\ncold runs (s): " + "; ".join(
        f"{key}: {', '.join(f'{run.seconds:.1f}' for run in runs)}"
        for key, runs in colds.items()))
    print("\ntargets")
    for jobs, rows in results.items():
        against_png = (f" (png, plot_model's default: "
                       f"{rows['cold'].seconds / plain['png'].seconds:.2f})" if png else "")
        print(f"  cold -j {jobs} / plain script (svg): "
              f"{rows['cold'].seconds / plain_svg.seconds:.2f}{against_png}; "
              "target <= 0.45, aim 0.40")
    print(f"  cold -j 2 / cold -j 1: {two['cold'].seconds / one['cold'].seconds:.2f}; "
          "target <= 1")
    print(f"  where a cold -j 1 build's time goes: Sphinx's own part {own['1'].seconds:.1f} s "
          f"(every model cached), a reader's import of Keras {keras_alone.seconds:.1f} s "
          f"({keras_alone.seconds / plain_svg.seconds:.2f} of the plain script), the reads "
          "after it; the readers overlap the first with the other two")
    print(f"  -j 2 output equal to -j 1: {'yes' if not differ else 'NO'} "
          f"({compared} files compared{': ' + ', '.join(differ) if differ else ''})")
    for jobs, rows in results.items():
        print(f"  -j {jobs}: warm minus no-directive warm: "
              f"{rows['warm'].seconds - floor[jobs]['warm'].seconds:+.2f} s (target <= 0.5 s); "
              f"prose edit {rows['prose edit'].seconds:.2f} s, minus no-directive prose edit "
              f"{rows['prose edit'].seconds - floor[jobs]['prose edit'].seconds:+.2f} s "
              "(target < 1.5 s, <= 0.5 s)")
    sphinx_peak = max(run.memory for rows in results.values() for run in rows.values())
    print(f"  peak memory of the Sphinx process: {sphinx_peak:.0f} MB; target < 250 MB "
          f"(-j 2's forks: {max(run.forks for run in two.values()):.0f} MB)")
    print(f"  readers, cold: -j 1 {one['cold'].started} started, largest "
          f"{one['cold'].reader:.0f} MB, together {one['cold'].readers:.0f} MB; -j 2 "
          f"{two['cold'].started} started, largest {two['cold'].reader:.0f} MB, together "
          f"{two['cold'].readers:.0f} MB (VGG16 alone: {largest.reader:.0f} MB)")
    print("\nour part on synthetic models (reading a built model, writing DOT)", flush=True)
    subprocess.run([sys.executable, "-c", SYNTHETIC], check=True, env=QUIET,
                   stderr=subprocess.DEVNULL)
    print(f"\n{(time.perf_counter() - began) / 60:.1f} minutes; load average after: "
          f"{' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
