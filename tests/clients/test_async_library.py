"""httpcore asks which async library runs on every lock it takes (`import sniffio` inside a
function). Without sniffio installed, each ask searched the import path and failed: 43 µs, 6,000
times in a cold apply of 100,000 sensors. iotplan depends on sniffio so the import is a lookup."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from httpcore._synchronization import current_async_library


class _Searches:
    """A finder first on sys.meta_path that only counts the modules Python searched for."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        self.names.append(name)


def test_asking_for_the_async_library_searches_no_import_path() -> None:
    searches = _Searches()

    async def ask() -> str:
        return current_async_library()

    asyncio.run(ask())  # the first ask may import it; later ones must not search again
    sys.meta_path.insert(0, searches)  # type: ignore[arg-type]
    try:
        assert asyncio.run(ask()) == "asyncio"
    finally:
        sys.meta_path.remove(searches)  # type: ignore[arg-type]
    assert "sniffio" not in searches.names
