"""Summary and history tables in the PDF (latexmk), read back with ``pdftotext -bbox``: they fit
the text width, a short table stays on one page, counts are whole and right-aligned, and class
names are never hyphenated."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import wide_table_models

from support.builds import build_clean, compile_pdf
from support.output import pdf_text
from support.paths import DOCS

#: Enough text to bring the ten-row table near the foot of its page.
FILLER = "\n\n".join(f"Line {i} of the text before the table." for i in range(36))
PAGE = f"""Tables
======

.. keras-model:: wide_table_models.many_merges
   :views: summary
   :show-trainable:
   :show-dtype:

{FILLER}

.. keras-model:: wide_table_models.ten_rows
   :views: summary
   :show-trainable:

.. keras-history:: history.csv
"""
CLASSES = ("DepthwiseConv2D", "SeparableConv2D", "BatchNormalization", "GlobalAveragePooling2D",
           "InputLayer", "Concatenate", "MaxPooling2D")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    history = (DOCS / "_static" / "training" / "history.csv").read_text()
    outdir = build_clean("latex", tmp_path_factory.mktemp("tables-pdf"), {
        "conf.py": 'extensions = ["sphinx_kerasviz"]\nproject = "Tables"\n', "index.rst": PAGE,
        "history.csv": history})
    return compile_pdf(outdir)


Word = tuple[int, float, float, float, float, str]  # page, x0, y0, x1, y1, text


@pytest.fixture(scope="module")
def words(pdf: Path) -> list[Word]:
    """Every word of the PDF with its page (from 1) and box."""
    xhtml = pdf_text(pdf, "-bbox")
    root = ElementTree.fromstring(re.sub(r'\sxmlns="[^"]+"', "", xhtml, count=1))
    found = []
    for number, page in enumerate(root.iter("page"), 1):
        for word in page.iter("word"):
            found.append((number, *(float(word.get(k)) for k in ("xMin", "yMin", "xMax",
                                                                  "yMax")), word.text or ""))
    return found


def first(words: list[Word], text: str) -> Word:
    return next(w for w in words if w[5] == text)


def ten_row_table(words: list[Word]) -> list[Word]:
    """The words of the ten-row table (pdftotext lists them column by column), from its first
    row to its last total, in reading order."""
    top = first(words, "first_convolution")
    bottom = min((w for w in words if w[5] == "Non-trainable" and (w[0], w[2]) > (top[0], top[2])),
                 key=lambda w: (w[0], w[2]))
    inside = [w for w in words if (top[0], top[2] - 1) <= (w[0], w[2]) <= (bottom[0], bottom[4])]
    return sorted(inside, key=lambda w: (w[0], round(w[2]), w[1]))


def test_counts_are_whole_and_right_aligned(words: list[Word]) -> None:
    model = wide_table_models.ten_rows()
    table = ten_row_table(words)
    counts = [f"{layer.count_params():,}" for layer in model.layers]
    found = [w for w in table if w[5] in counts]
    assert sorted(w[5] for w in found) == sorted(counts)  # each one whole, in one word
    rights = sorted((round(w[3], 1), w[5]) for w in found)
    assert rights[-1][0] - rights[0][0] < 0.5, rights  # one right edge: right-aligned
    total = next(w for w in table if w[5] == f"{model.count_params():,}")
    assert abs(total[3] - rights[0][0]) < 60, (total, rights)  # in the same column


def test_short_table_stays_on_one_page(words: list[Word]) -> None:
    table = ten_row_table(words)
    assert table[0][0] == table[-1][0], (table[0], table[-1])


def test_tables_fit_the_text_width_and_names_are_whole(words: list[Word], pdf: Path) -> None:
    left = min(w[1] for w in words if w[5] == "Line")  # the text block's margins
    right = max(w[3] for w in words if w[5] == "CONTENTS")
    tables = [w for w in words if w[0] >= first(words, "Tables")[0]]
    outside = [w for w in tables if w[1] < left - 0.5 or w[3] > right + 0.5]
    assert outside == [], outside
    texts = [w[5] for w in tables]
    for name in (*CLASSES, "Trainable"):
        assert any(name in t for t in texts), name  # never split, so whole in one word
    assert [t for t in texts if re.fullmatch(r"\(?[A-Za-z][A-Za-z0-9]*-", t)] == []
    layout = pdf_text(pdf, "-layout")
    for cell in ("Final", "Best epoch", "0.006013 (epoch 30)", "0.006013 (min)"):
        assert cell in layout, cell
