"""The cyclic garbage collector, kept away from the millions of objects a large manifest makes.

A plan of 100,000 sensors keeps millions of objects alive, and the collector rescanned them
again and again: 2.4 s of a 9 s plan, even with raised thresholds. Loading the manifest and
deriving the desired state, and reading a saved plan back (`merge`, `show`, `apply plan.json`),
make no reference cycles, so the collector is paused while they run, and what they built is then
frozen (gc.freeze): later collections never look at it again. Every other stage runs with the
collector on, because requests (httpx's answer and its stream, tenacity's retry state) and
deepdiff's trees do make cycles, tens of megabytes of them.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Collections are rarer than Python's default (700, 10, 10): a command allocates millions of
# objects that live until it ends.
THRESHOLDS = (100_000, 50, 50)


@contextmanager
def paused_collector() -> Iterator[None]:
    """No cyclic collection inside; what exists afterwards is frozen out of later ones."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, where the C library has it (not musl, macOS or Windows)."""
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (AttributeError, OSError):
        return None


_TRIM = _malloc_trim() if sys.platform.startswith("linux") else None


def give_back_freed_memory() -> None:
    """Return to the system what the C heap holds freed: a read of 100,000 entities frees its pages'
    decoded JSON and answers in holes glibc keeps (about 14 MiB), and the plan's peak, reached while
    the diff builds on top of them, would count them again. A few milliseconds; nothing where the C
    library has no such call."""
    if _TRIM is not None:
        _TRIM(0)
