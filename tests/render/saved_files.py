"""What the tests of saved plans and drift reports read back share: a text as a file's binary
lines, and the peak memory of one read."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable


def lines_of(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def peak_bytes_reading(read: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
