"""A training history as plain data: every logged series, and the files it came from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Series:
    """One logged metric: ``epochs`` (from 1) and the value at each."""

    name: str
    epochs: tuple[int, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class History:
    """Every series of one log, in the log's order; ``files`` were read to get them."""

    series: tuple[Series, ...]
    files: tuple[Path, ...]

    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.series)

    def get(self, name: str) -> Series | None:
        return next((s for s in self.series if s.name == name), None)
