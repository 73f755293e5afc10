"""asyncio.run for the commands, without a cost CPython adds to large results."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run(work: Coroutine[Any, Any, T]) -> T:
    """Like asyncio.run(work), but the main task's result is handed back outside the task.

    When asyncio.run restores Python's SIGINT handler, the signal module formats the repr of the
    handler it replaces, which names the main task and so its result. For a 100,000-change plan
    that repr took a second, twice.
    """
    results: list[T] = []

    async def main() -> None:
        results.append(await work)

    asyncio.run(main())
    return results[0]
