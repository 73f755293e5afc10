"""A logger declared on a port its THREAD lacks, which the platform holds it on as text (EXTERNAL_PORT
"2", written by another tool), is refused saying it is on that port on the platform, as one held as 2
is: only the `port` in the manifest is to set (cr99)."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import GatewayStatus, LiveGateway
from tests.plan.test_thread import LOGGER, SITE, desired, live_as_declared, planned


@pytest.mark.parametrize("stored", ["2", "2.0", 2.0])
def test_a_logger_on_a_missing_port_stored_as_text_is_said_to_be_there(stored: object) -> None:
    state = desired(SITE.replace("devices:", "edge: {host: 127.0.0.1:8404}\n        devices:"))
    one_port = LiveGateway("127.0.0.1:8404", GatewayStatus.OK, serial="6C7D8E", ports=frozenset({1}))
    connection = live_as_declared(state, **{LOGGER: {"EXTERNAL_PORT": stored}})
    with pytest.raises(PlanError) as error:
        planned(state, connection, gateways={"thread": one_port})
    assert f"though {LOGGER} is on port 2 on the platform" in str(error.value)
