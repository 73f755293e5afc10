"""A kept logger whose port the platform stores as text or a decimal (EXTERNAL_PORT "2", written by
another tool) is on port 2: a logger declared on port 2 beside it is noted as sharing the port, as it is
beside one stored as 2. It was not, and the apply said 'Verified' with two loggers on one RS-232 port
(cr99)."""

from __future__ import annotations

import pytest

from iotplan.live import LiveEntity
from tests.plan.test_thread import NODE, SITE, desired, live_as_declared, planned

KEPT = f"{NODE}/demo/HAND01/device"


@pytest.mark.parametrize("stored", ["2", "2.0", 2.0])
def test_a_kept_logger_on_a_port_stored_as_text_shares_it(stored: object) -> None:
    state = desired()
    connection = live_as_declared(state)
    connection.devices.append(LiveEntity(KEPT, {"NAME": "crew logger", "EXTERNAL_PORT": stored}))
    connection.sensors[KEPT] = []
    reasons = {change.address: change.reason for change in planned(desired(SITE), connection).changes}
    assert reasons["thread/ipi"].endswith(
        "port 2 is also thread/#HAND01's, and is not declared RS485 (`edge.port2.comm_type` or `mode`): "
        "only RS-485 lets two loggers share a port, so check the loggers' `port`"
    )
