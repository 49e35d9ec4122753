"""The one exception type every layer raises for bad input."""

from __future__ import annotations


class KerasvizError(Exception):
    """A user-facing failure; ``subtype`` names its kind (import, build, option, render...)."""

    def __init__(self, subtype: str, message: str, dependencies: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.subtype = subtype
        self.message = message
        #: source files involved, so Sphinx re-reads the page once they are fixed
        self.dependencies = dependencies

    def __reduce__(self) -> tuple[type[KerasvizError], tuple[str, str, tuple[str, ...]]]:
        return (type(self), (self.subtype, self.message, self.dependencies))


def first_line(exc: BaseException) -> str:
    """A warning is one line: the first line of an exception's message (or its type)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def reason(exc: BaseException) -> str:
    """``RuntimeError: factory exploded``: the type and the first line of the message."""
    return f"{type(exc).__name__}: {first_line(exc)}"
