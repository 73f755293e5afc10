"""A gateway read that hears this THREAD's serial, then another box's at its second ask, is a mismatch
that says the serial was confirmed first: the box that answered before the reads was this THREAD."""

from __future__ import annotations

import asyncio
from typing import Any

from iotplan.live.gateways import read_gateway
from iotplan.live.model import GatewayStatus
from tests.live.fakegateway import FakeGateway


class SwappedOnceRead(FakeGateway):
    """Another THREAD (999999) takes the address once a port's settings were read."""

    def _request(self, name: str, *args: Any) -> None:
        if any(call[0] == "get_port_config" for call in self.calls):
            self.serial = "999999"
        super()._request(name, *args)


def test_a_box_swapped_between_the_two_asks_is_a_mismatch_confirmed_first() -> None:
    live = asyncio.run(read_gateway(SwappedOnceRead(), "192.0.2.10", "4A1B2C", {"port1.baud_rate"}))
    assert live.status is GatewayStatus.MISMATCH
    assert live.serial == "999999" and live.confirmed


def test_a_box_swapped_before_the_first_ask_is_a_mismatch_never_confirmed() -> None:
    live = asyncio.run(
        read_gateway(FakeGateway(serial="999999"), "192.0.2.10", "4A1B2C", {"port1.baud_rate"})
    )
    assert live.status is GatewayStatus.MISMATCH
    assert live.serial == "999999" and not live.confirmed
