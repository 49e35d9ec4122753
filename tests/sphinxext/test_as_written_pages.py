"""What a reader sees of models as people write them: the note of a model without ``call()``,
a KerasHub task's preprocessor, and the ``fidelity`` warning, in HTML and in the PDF."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from support.builds import built_copy, compile_pdf
from support.output import kerasviz_warnings, pdf_text

NOTE = "VAE defines no call(): its parts are drawn side by side, unconnected."
PREPROCESSOR = 'Preprocessor: "bert_text_classifier_preprocessor"'
FIDELITY = ("index.rst:11: WARNING: keras-model kerasviz_test_models.untracked_layer: the "
            "layers drawn hold 23 parameters but Keras counts 8: Keras does not track some "
            "layers its call() uses [kerasviz.fidelity]")


def check_warning(app: SphinxTestApp) -> None:
    (line,) = kerasviz_warnings(app.warning.getvalue())
    assert line.endswith(FIDELITY)


def test_html(rootdir: Path, tmp_path: Path) -> None:
    with built_copy(rootdir, tmp_path, "as-written", "html") as app:
        check_warning(app)
        page = (app.outdir / "index.html").read_text().replace("<wbr />", "")  # break points
    assert f'<p class="kerasviz-note">{NOTE}</p>' in page
    title = re.search(r'<p class="kerasviz-preprocessor-title">(.*?)</p>', page)[1]
    assert html.unescape(title) == f"<strong>{PREPROCESSOR}</strong>"
    table = re.search(r'<table class="[^"]*kerasviz-preprocessor.*?</table>', page, re.S)[0]
    assert "<caption" not in table  # no table number taken from the user's tables
    cells = re.findall(r"<td[^>]*><p>(.*?)</p></td>", table)
    assert cells == ["bert_tokenizer (BertTokenizer)", "Vocab size: 106"]
    assert page.index("kerasviz-preprocessor") < page.index("<p>bert_backbone (")
    assert "<p>Dtype policy</p></th>" in page
    assert page.count("Total params") == 3  # the untracked model's table stays, Keras's total
    assert re.search(r"Total params</p></td>.*?<td[^>]*><p>8 \(32\.00\xa0B\)</p>", page, re.S)


@pytest.mark.latex
def test_pdf(rootdir: Path, tmp_path: Path) -> None:
    with built_copy(rootdir, tmp_path, "as-written", "latex") as app:
        check_warning(app)
        text = pdf_text(compile_pdf(app.outdir))
    assert NOTE in text
    assert PREPROCESSOR in text
    assert "Vocab size: 106" in text and "Dtype policy" in text
