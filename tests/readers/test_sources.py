"""Finding the model directives of a page's source before Sphinx reads it, and memory sizes.

``directives_in`` decides which models are asked for early: a directive it misses is only read
later, but one it finds in a code example has a reader run the example's code for nothing.
``memory_size`` reads ``kerasviz_read_memory``; ``size_text`` writes it back in warnings.
"""

from __future__ import annotations

import pytest

from sphinx_kerasviz.options import memory_size, size_text
from sphinx_kerasviz.sphinxext.setup import READS_MODELS
from sphinx_kerasviz.sphinxext.sources import Found, directives_in

NAMES = frozenset(READS_MODELS)


def found(text: str) -> list[Found]:
    return list(directives_in(text, NAMES))


def arguments(text: str) -> list[str]:
    return [directive.argument for directive in directives_in(text, NAMES)]


def test_rst_directives_with_their_options() -> None:
    text = """Models
======

.. keras-model:: zoo.build_cnn(num_classes=3, dropout=0.5)
   :input-shape: (28, 28, 1)
   :show-params:
   :caption: A *small* CNN.

Some prose, then a file:

.. keras-weights:: _static/tiny.keras
   :layers: dense*
This paragraph is not an option.

.. keras-gradcam:: zoo.build_cnn
.. figure:: not-a-model.png
"""
    assert found(text) == [
        Found("keras-model", "zoo.build_cnn(num_classes=3, dropout=0.5)",
              {"input-shape": "(28, 28, 1)", "show-params": "", "caption": "A *small* CNN."}),
        Found("keras-weights", "_static/tiny.keras", {"layers": "dense*"}),
        Found("keras-gradcam", "zoo.build_cnn"),
    ]


def test_only_the_names_asked_for() -> None:
    text = ".. keras-model:: a.build\n\n.. keras-history:: history.csv\n\n.. note:: keras-model\n"
    assert found(text) == [Found("keras-model", "a.build")]
    assert [d.name for d in directives_in(text, frozenset({"keras-history"}))] == ["keras-history"]


def test_rst_code_blocks_are_skipped() -> None:
    text = """Write this:

.. code-block:: rst

   .. keras-model:: example.in_code_block
      :input-shape: (4,)

.. code:: rst

   .. keras-model:: example.in_code

.. sourcecode:: rst

   .. keras-model:: example.in_sourcecode

.. parsed-literal::

   .. keras-model:: example.in_parsed_literal

.. keras-model:: real.after_the_examples
"""
    assert arguments(text) == ["real.after_the_examples"]


def test_literal_paragraphs_are_skipped() -> None:
    text = """The directive looks like this::

   .. keras-model:: example.after_a_paragraph

And alone:

::

    .. keras-model:: example.after_a_marker

.. keras-model:: real.one
"""
    assert arguments(text) == ["real.one"]


def test_directives_nested_in_other_directives_are_found() -> None:
    text = """.. only:: html

   .. keras-model:: real.in_only
      :views: graph

.. note::

   A model in a note:

   .. keras-model:: real.in_note

.. tab-set::

   .. tab-item:: Keras 3

      .. keras-model:: real.in_a_tab
"""
    assert found(text) == [Found("keras-model", "real.in_only", {"views": "graph"}),
                           Found("keras-model", "real.in_note"),
                           Found("keras-model", "real.in_a_tab")]


def test_myst_directives_with_their_options() -> None:
    text = """# Models

```{keras-model} zoo.build_multi_io(num_classes=4)
:caption: Two inputs, written in *Markdown*.
:show-dtype:
:rankdir: LR
```

:::{keras-model} zoo.colon_fence
:input-shape: (8,)
:::

```{eval-rst}
.. keras-model:: zoo.rst_in_markdown
   :views: summary
```
"""
    assert found(text) == [
        Found("keras-model", "zoo.build_multi_io(num_classes=4)",
              {"caption": "Two inputs, written in *Markdown*.", "show-dtype": "", "rankdir": "LR"}),
        Found("keras-model", "zoo.colon_fence", {"input-shape": "(8,)"}),
        Found("keras-model", "zoo.rst_in_markdown", {"views": "summary"}),
    ]


def test_myst_code_fences_are_skipped() -> None:
    text = """````markdown
```{keras-model} example.in_markdown_fence
:caption: shown, not read
```
````

```python
# ```{keras-model} example.in_python
```

~~~
```{keras-model} example.in_tildes
```
~~~

```{keras-model} real.after_the_examples
```
"""
    assert arguments(text) == ["real.after_the_examples"]


def test_myst_directives_nested_in_admonitions_are_found() -> None:
    text = """````{note}
A model in a note:

```{keras-model} real.in_note
:views: graph
```
````

::::{admonition} Try it
:::{keras-model} real.in_admonition
:::
::::

```{keras-model} real.after
```
"""
    assert found(text) == [Found("keras-model", "real.in_note", {"views": "graph"}),
                           Found("keras-model", "real.in_admonition"),
                           Found("keras-model", "real.after")]


def test_directives_nested_inside_a_code_block_are_skipped() -> None:
    text = """How to show a model in HTML only:

.. code-block:: rst

   .. only:: html

      .. keras-model:: example.in_only_in_a_code_block

Or in a note::

   .. note::

      .. keras-model:: example.in_a_note_in_a_literal_paragraph

.. keras-model:: real.one
"""
    assert arguments(text) == ["real.one"]


def test_myst_code_block_directives_are_skipped() -> None:
    text = """````{code-block} markdown
```{keras-model} example.in_a_code_block
```
````

````{code} markdown
```{keras-model} example.in_code
```
````

```{keras-model} real.one
```
"""
    assert arguments(text) == ["real.one"]


@pytest.mark.parametrize(("value", "size"), [
    ("8G", 8 * 2**30),
    ("512M", 512 * 2**20),
    ("3g", 3 * 2**30),
    (" 1.5 G ", 3 * 2**29),
    ("2GiB", 2 * 2**30),
    ("2GB", 2 * 2**30),
    ("1T", 2**40),
    ("131072K", 2**27),  # the least there can be: 128M
    ("128M", 2**27),
    (4 * 2**30, 4 * 2**30),
    (str(2**31), 2**31),
    (None, 0),
    ("", 0),
    (0, 0),
])
def test_memory_sizes(value: object, size: int) -> None:
    assert memory_size(value) == size


@pytest.mark.parametrize("value", ["8X", "G", "-1G", "1e9", "8 gigabytes", "8G8", "1.5.0G",
                                   "127M", "0.1G", 2**27 - 1, "0", True, [8]])
def test_bad_memory_sizes_raise_value_error(value: object) -> None:
    with pytest.raises(ValueError, match=r"size such as 8G|under 128M"):
        memory_size(value)


@pytest.mark.parametrize(("size", "text"), [
    (8 * 2**30, "8G"), (3 * 2**30, "3G"), (512 * 2**20, "512M"), (3 * 2**29, "1.5G"),
    (2**40, "1T"), (2**27, "128M"), (2048, "2K"), (1000, "1000"), (0, "0"),
])
def test_size_text(size: int, text: str) -> None:
    assert size_text(size) == text


@pytest.mark.parametrize("text", ["3G", "512M", "1.5G", "128M", "2T", "768M"])
def test_size_text_reads_back(text: str) -> None:
    assert size_text(memory_size(text)) == text


@pytest.mark.parametrize("text", ["1000M", "1023G"])
def test_size_text_of_a_thousand_units_reads_back(text: str) -> None:
    assert size_text(memory_size(text)) == text


def test_myst_yaml_options_block() -> None:
    text = """```{keras-model} pkg.models.build
---
input-shape: (28, 28, 1)
show-params: true
caption: The *model*
---
```

```{keras-weights} pkg.models.build
---
not: [valid yaml
---
```
"""
    assert found(text) == [
        Found("keras-model", "pkg.models.build",
              {"input-shape": "(28, 28, 1)", "show-params": "true", "caption": "The *model*"}),
        Found("keras-weights", "pkg.models.build", {}),
    ]
