"""A read-back that fails verification quotes what the gateway answered, masked as plan and drift
show that live text: a credential a THREAD holds in a port setting never reaches apply's output."""

from __future__ import annotations

import asyncio

from iotplan.apply.edge import apply_gateway
from iotplan.apply.outcome import Status
from iotplan.plan.model import Action
from tests.apply.test_edge import GATEWAY, NODE, setting
from tests.live.fakegateway import FakeGateway
from tests.plan.edgebuilder import setting_change

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"


def test_a_secret_read_back_from_a_gateway_is_shown_sensitive_in_the_verification_failure() -> None:
    fake = FakeGateway(ignore_writes=True)  # keeps what it holds, whatever is written
    fake.ports[1]["COMM_TYPE"] = f"http://admin:pw@10.0.0.9/x Bearer {TOKEN}"
    fake.ports[1]["PARITY_BIT"] = "http://admin:hunter22@10.0.0.9/"
    left = [setting_change(NODE, "port1.parity", "NONE", "NONE", Action.NOOP)]
    written = [setting("port1.comm_type", "RS485", "RS232")]
    outcome = asyncio.run(apply_gateway(fake, GATEWAY, written, False, left=left))
    assert outcome.status is Status.FAILED
    assert TOKEN not in outcome.message and "admin:" not in outcome.message
    assert "port1.comm_type: wrote 'RS485', read back '(sensitive)'" in outcome.message
    assert (
        "port1.parity: not written, read 'NONE' when planned, read back 'http://(sensitive)@10.0.0.9/'"
        in outcome.message
    )
