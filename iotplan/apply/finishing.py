"""Work an interrupt lets finish: the confirmation that an update kept a THREAD entity's ZERO_DATE
(apply/thread_zero_date.py). Cut short, the ZERO_DATE may be gone where the platform's update*
replaces props, and no later run can see it; so the first Ctrl-C or SIGTERM lets that confirmation
end, FINISH_SECONDS at most, then the interrupt goes on (130 or 143, as ever). The next signal
abandons it at once (cli/aio.py calls `abandon`), and the report names what was left unconfirmed.
A process killed outright (kill -9) cannot be helped: the gap docs/api-assumptions.md A14 says."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

# As long as a second signal is told and ignored (cli/stop_signals.py GRACE_SECONDS): past it, one
# stops the command at once anyway.
FINISH_SECONDS = 10.0
_finishing: set[asyncio.Task[Any]] = set()


async def let_finish(work: Coroutine[Any, Any, T], what: str) -> T:
    """`work`, which the first interrupt does not cut short: once the task running it is cancelled
    (while `work` runs, or before it began: the interrupt cut an update's answer short), `work` is
    given FINISH_SECONDS more (or until `abandon`), then the cancellation goes on. `what` is said on
    stderr while it is waited for."""
    task = asyncio.ensure_future(work)
    current = asyncio.current_task()
    if current is None or not current.cancelling():  # not interrupted yet
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            pass
    log.warning("interrupted: %s first (%g s at most; interrupt again to abandon it)", what, FINISH_SECONDS)
    _finishing.add(task)
    try:
        await asyncio.wait({task}, timeout=FINISH_SECONDS)
    finally:  # done, past the bound, abandoned, or this task cancelled again (the command let go)
        _finishing.discard(task)
        await _ended(task)
    raise asyncio.CancelledError


def abandon() -> None:
    """A second signal: whatever an interrupt was letting finish ends now, unfinished."""
    for task in list(_finishing):
        task.cancel()


async def _ended(task: asyncio.Task[Any]) -> None:
    """`task` ended: cancelled if it has not, its cancellation waited for (its bookkeeping says how
    far it got), its exception taken (said by what it left unconfirmed)."""
    if not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=1.0)
    if task.done() and not task.cancelled():
        task.exception()
