"""Parsing the explain directives' option values (each raises ``ValueError`` saying why)."""

from __future__ import annotations

import re


def names(value: str) -> tuple[str, ...]:
    """Names or shell patterns separated by commas or spaces."""
    found = tuple(n for n in re.split(r"[\s,]+", value or "") if n)
    if not found:
        raise ValueError("expected names")
    return found


def labels(value: str) -> tuple[str, ...]:
    """Class names separated by commas (spaces kept inside a name)."""
    found = tuple(n.strip() for n in (value or "").split(","))
    if not any(found):
        raise ValueError("expected names separated by commas")
    return found


def integer(low: int, high: int) -> object:
    def parse(value: str) -> int:
        number = int((value or "").strip())
        if not low <= number <= high:
            raise ValueError(f"expected a whole number from {low} to {high}, got {value!r}")
        return number

    return parse


def number(low: float, high: float) -> object:
    def parse(value: str) -> float:
        found = float((value or "").strip())
        if not low <= found <= high:
            raise ValueError(f"expected a number from {low:g} to {high:g}, got {value!r}")
        return found

    return parse


def units(value: str) -> tuple[int, ...]:
    """Indices and ranges: ``0, 3, 5-7`` is (0, 3, 5, 6, 7)."""
    found: list[int] = []
    for part in re.split(r"[\s,]+", (value or "").strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if match is None:
            raise ValueError(f"expected indices like 0, 3, 5-7, got {value!r}")
        start, stop = int(match[1]), int(match[2] or match[1])
        if stop < start or stop - start > 255:
            raise ValueError(f"bad range {part!r}")
        found.extend(range(start, stop + 1))
    if not found or len(found) > 64:
        raise ValueError("expected from 1 to 64 indices")
    return tuple(dict.fromkeys(found))


def methods(choices: tuple[str, ...]) -> object:
    def parse(value: str) -> tuple[str, ...]:
        found = tuple(dict.fromkeys(names(value.lower())))
        unknown = [m for m in found if m not in choices]
        if unknown:
            raise ValueError(f"unknown method {', '.join(unknown)}; expected some of "
                             f"{', '.join(choices)}")
        return found

    return parse


def numbers(count: int | None = None) -> object:
    def parse(value: str) -> tuple[float, ...]:
        found = tuple(float(v) for v in re.split(r"[\s,]+", (value or "").strip()) if v)
        if not found or (count is not None and len(found) != count):
            raise ValueError(f"expected {count or 'some'} numbers, got {value!r}")
        return found

    return parse


def value_range(value: str) -> tuple[float, float]:
    low, high = numbers(2)(value)  # type: ignore[operator]
    if not low < high:
        raise ValueError(f"expected a low and a higher value, got {value!r}")
    return low, high


def features(value: str) -> tuple[int, int]:
    found = units(value)
    if len(found) != 2:
        raise ValueError(f"expected two feature indices, got {value!r}")
    return found[0], found[1]


def filler(value: str) -> str | tuple[float, ...]:
    """``mean``, ``median``, or a value for every feature."""
    text = (value or "").strip().lower()
    if text in ("mean", "median"):
        return text
    return numbers()(value)  # type: ignore[operator,no-any-return]
