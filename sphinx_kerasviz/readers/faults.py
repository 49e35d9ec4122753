"""The errors of a reader's faults: it died, took too long, or needed too much memory."""

from __future__ import annotations

import signal

from sphinx_kerasviz.errors import KerasvizError
from sphinx_kerasviz.options import size_text


def crashed(status: int) -> KerasvizError:
    """A reader that ended while reading with ``status`` (negative: killed by that signal)."""
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = str(-status)
        hint = (" (the system kills a process this way when memory runs out: see "
                "kerasviz_read_memory)" if name == "SIGKILL" else "")
        return KerasvizError("crash", f"the model reader was killed by signal {name} while "
                             f"reading{hint}")
    return KerasvizError("crash", f"the model reader exited with status {status} while reading")


def timed_out(seconds: float) -> KerasvizError:
    return KerasvizError("timeout", f"reading took longer than {seconds:g} s "
                         "(kerasviz_read_timeout, --read-timeout); its reader was stopped")


def out_of_memory(cap: int) -> KerasvizError:
    """Reading needed more than ``cap`` bytes (0: more than the machine had)."""
    limit = (f"the {size_text(cap)} of kerasviz_read_memory (--read-memory)" if cap
             else "there was")
    return KerasvizError("memory", f"reading the model needed more memory than {limit}; its "
                         "reader was stopped")
