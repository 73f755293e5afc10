"""The first signal lets a ZERO_DATE's confirmation finish (apply/finishing.py); a second one, told
as any second signal is, abandons it at once rather than wait FINISH_SECONDS."""

from __future__ import annotations

import asyncio
import signal
import time

import pytest

from iotplan.apply.finishing import let_finish
from iotplan.cli.aio import run


async def confirming() -> str:
    """A confirmation the platform never answers, interrupted, then interrupted again."""

    async def never_answered() -> None:
        await asyncio.sleep(60)

    signal.raise_signal(signal.SIGINT)
    try:
        await let_finish(never_answered(), "confirming that it kept its ZERO_DATE")
    except asyncio.CancelledError:
        return "report"
    return "not cut short"


async def again_soon() -> str:
    asyncio.get_running_loop().call_later(0.2, signal.raise_signal, signal.SIGINT)
    return await confirming()


@pytest.mark.usefixtures("python_sigint_handler")
def test_a_second_signal_abandons_the_zero_date_confirmation_at_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    since = time.monotonic()
    assert run(again_soon()) == "report"
    assert time.monotonic() - since < 3, "abandoned, not waited FINISH_SECONDS for"
    assert "Interrupted: finishing the report" in capsys.readouterr().err
