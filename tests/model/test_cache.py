"""The model cache: re-reading a page starts no model reader unless what it reads changed.

Every build runs in a fresh process (``sphinx-build`` as users run it), which reports
how many model readers were started and which pages Sphinx read.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from support import paths
from support.builds import build_in_subprocess
from support.output import graph_sources

FACTORIES = '''import keras


def build(units=2):
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(units, name="only")],
                            name="local")


def unbuilt():
    return keras.Sequential([keras.layers.Dense(2, name="late")], name="unbuilt")
'''
MODELS = """Models
======

Five models and some prose.

.. keras-model:: kerasviz_test_models.branched

.. keras-model:: kerasviz_test_models.nested

.. keras-model:: kerasviz_test_models.shared

.. keras-model:: kerasviz_test_models.with_ops
   :show-params:

.. keras-model:: kerasviz_test_models.recurrent
"""
LOCAL = """Local
=====

.. keras-model:: cache_models.build(units=3)

.. keras-model:: cache_models.unbuilt
   :input-shape: (4,)
"""


def make_project(root: Path, conf: str = "") -> Path:
    source = root / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(paths.MODELS)!r})\n"
        f"sys.path.insert(0, {str(source)!r})\n"
        f'extensions = ["sphinx_kerasviz"]\n{conf}'
    )
    (source / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   models\n   local\n")
    (source / "models.rst").write_text(MODELS)
    (source / "local.rst").write_text(LOCAL)
    (source / "cache_models.py").write_text(FACTORIES)
    return source


def entries(source: Path) -> list[Path]:
    return sorted((source.parent / "out" / ".doctrees" / "kerasviz-cache").glob("*.pickle"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = make_project(tmp_path_factory.mktemp("cache"))
    cold = build_in_subprocess(source)
    assert cold["readers"] and cold["read"] == ["index", "local", "models"]
    assert len(entries(source)) == 7
    return source


def test_prose_edit_reads_from_the_cache(project: Path) -> None:
    page = project / "models.rst"
    page.write_text(page.read_text().replace("some prose", "more prose"))
    warm = build_in_subprocess(project)
    assert warm == {"readers": 0, "read": ["models"]}
    html = (project.parent / "out" / "models.html").read_text()
    assert "more prose" in html and len(graph_sources(html)) == 5


def test_nothing_changed_reads_nothing(project: Path) -> None:
    assert build_in_subprocess(project) == {"readers": 0, "read": []}


def test_display_option_change_is_a_hit(project: Path) -> None:
    page = project / "models.rst"
    page.write_text(page.read_text().replace(":show-params:", ":show-params: false"))
    assert build_in_subprocess(project) == {"readers": 0, "read": ["models"]}


def test_reading_option_change_is_a_miss(project: Path) -> None:
    page = project / "local.rst"
    page.write_text(page.read_text().replace("(4,)", "(6,)"))
    report = build_in_subprocess(project)
    assert report["readers"] and report["read"] == ["local"]
    assert "(None, 6)" in (project.parent / "out" / "local.html").read_text()


def test_factory_edit_rereads_only_its_pages(project: Path) -> None:
    module = project / "cache_models.py"
    module.write_text(module.read_text().replace('name="only"', 'name="edited"'))
    report = build_in_subprocess(project)
    assert report["readers"] and report["read"] == ["local"]
    assert "edited" in (project.parent / "out" / "local.html").read_text()
    assert build_in_subprocess(project)["read"] == []


def test_corrupt_entries_are_read_again(project: Path) -> None:
    for entry in entries(project):
        entry.write_bytes(b"not a pickle")
    report = build_in_subprocess(project, "-E")  # a fresh environment: every page is read again
    assert report["readers"] and report["read"] == ["index", "local", "models"]
    valid = [entry for entry in entries(project) if entry.read_bytes()[:1] == pickle.PROTO]
    assert len(valid) == 7  # rewritten; older entries of edited models stay unused
    assert build_in_subprocess(project, "-E")["readers"] == 0  # and the new entries are used


def test_cache_can_be_turned_off(tmp_path: Path) -> None:
    source = make_project(tmp_path, "kerasviz_cache = False\n")
    assert build_in_subprocess(source)["readers"]
    assert entries(source) == []
    page = source / "models.rst"
    page.write_text(page.read_text() + "\nMore.\n")
    assert build_in_subprocess(source)["readers"]
