"""The kerasviz directives a page's source holds, found without parsing the page.

Used before Sphinx reads the pages: to spread model pages over ``-j N`` and to ask for their
models early. Both are only help: a directive this misses is read when Sphinx meets it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# ``.. keras-model:: ARG`` in reStructuredText, ```{keras-model} ARG`` or :::{keras-model} in MyST
RST = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+(?P<name>[\w-]+)::(?P<argument>.*)$")
MYST = re.compile(r"^(?P<indent>[ \t]*)(?:`{3,}|:{3,})[ \t]*\{(?P<name>[\w-]+)\}(?P<argument>.*)$")
OPTION = re.compile(r"^[ \t]*:(?P<name>[\w-]+):(?:[ \t]+(?P<value>.*))?$")
FENCE = re.compile(r"^[ \t]*(?P<marks>`{3,}|~{3,}|:{3,})[ \t]*(?P<info>.*)$")
#: Directives whose content is shown as text, not parsed.
LITERAL = re.compile(r"^[ \t]*\.\.[ \t]+(?:code-block|code|sourcecode|parsed-literal)::")
#: The same as the info of a MyST fence: ```{code-block} python.
MYST_LITERAL = re.compile(r"^\{(?:code-block|code|sourcecode|parsed-literal|code-cell)\}")


@dataclass(frozen=True)
class Found:
    """A directive as written: its name, argument and raw option values."""

    name: str
    argument: str
    options: dict[str, str] = field(default_factory=dict)


def directives_in(text: str, names: frozenset[str]) -> Iterator[Found]:
    """The directives named in ``names`` that ``text`` holds, outside literal blocks."""
    lines = text.splitlines()
    fences: list[tuple[str, bool]] = []  # the MyST fences open here: marks, and whether code
    for index, line in enumerate(lines):
        in_code = any(code for _marks, code in fences)
        fence = FENCE.match(line)
        if fence and fences and not fence["info"] and fence["marks"].startswith(fences[-1][0]):
            fences.pop()
            continue
        if fence:
            info = fence["info"]
            fences.append((fence["marks"], not info.startswith("{")
                           or bool(MYST_LITERAL.match(info))))
        match = RST.match(line) or MYST.match(line)
        if match is None or match["name"] not in names or in_code:
            continue
        if _in_literal_block(lines, index, len(match["indent"].expandtabs())):
            continue
        yield Found(match["name"], match["argument"].strip(), _options(lines[index + 1:]))


def _options(lines: list[str]) -> dict[str, str]:
    """The options after a directive's first line: ``:name: value`` lines, or MyST's YAML
    block between ``---`` lines."""
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        try:
            block = yaml.safe_load("\n".join(lines[1:end])) if end else None
        except yaml.YAMLError:
            block = None
        return {str(k): str(v).lower() if isinstance(v, bool) else str(v)
                for k, v in block.items()} if isinstance(block, dict) else {}
    options = {}
    for line in lines:
        option = OPTION.match(line)
        if option is None:
            break
        options[option["name"]] = (option["value"] or "").strip()
    return options


def _in_literal_block(lines: list[str], index: int, indent: int) -> bool:
    """Whether the indented line ``index`` belongs to a code block or a ``::`` paragraph."""
    for line in reversed(lines[:index]):
        if indent == 0:
            return False
        if not line.strip():
            continue
        if len(line) - len(line.lstrip()) < indent:
            if LITERAL.match(line) or (line.rstrip().endswith("::") and not RST.match(line)):
                return True
            indent = len(line) - len(line.lstrip())  # inside that: is that in a literal block?
    return False


def page_directives(path: Path, encoding: str, names: frozenset[str]) -> list[Found]:
    """:func:`directives_in` a page's source file (none when it cannot be read)."""
    try:
        return list(directives_in(path.read_text(encoding=encoding, errors="replace"), names))
    except OSError:  # Sphinx reports a missing page itself
        return []
