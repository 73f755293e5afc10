"""An apply interrupted while an update that left a ZERO_DATE out was answered, whose read back then
shows the update made (the platform dropped the ZERO_DATE), and whose write-back the bound cuts short:
the update is applied (the read back proved it), only the write-back's outcome is unknown. The unit
counts it applied, never "may or may not be applied", and says the write-back was in flight."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.apply import finishing
from iotplan.clients.jsonrpc_transport import Handler
from tests.apply.test_thread_zero_date_confirmed_through_an_interrupt import Slow, interrupted
from tests.apply.test_thread_zero_date_kept_through_an_update import ZERO


class WriteBackHanging(Slow):
    """The update answered late (the interrupt comes meanwhile); the write-back after it, never."""

    write_back_sent = False

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            if self.armed and request["method"] == "updateSensor" and len(self.updates) >= 1:
                self.write_back_sent = True
                await asyncio.sleep(30)
            return await handler(request)

        return answer


def test_a_write_back_cut_short_by_the_bound_leaves_the_update_read_back_made_applied(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(finishing, "FINISH_SECONDS", 1.0)
    recorder = WriteBackHanging("updateSensor", 0.3)
    cut = interrupted(recorder)
    assert recorder.write_back_sent
    assert cut.applied == ["thread/ipi/tilt1"] and cut.unsure == [], cut.message
    assert (
        f"its ZERO_DATE '{ZERO}' (the platform dropped it, and its write-back was not answered)"
        in cut.message
    )
    assert not cut.message.startswith(
        ("in flight when interrupted: outcome unknown", "interrupted between")
    ), cut.message
