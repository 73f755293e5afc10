"""On a THREAD (`--on-device`), port 1's baud rate set in its web page while `apply` waits at its
prompt, where the plan shown changes it: after `yes`, nothing is written, as on the platform."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import apply_confirmed_after, gateway_port, refused_while_awaiting
from tests.e2e.conftest import ROOT, Workspace
from tests.e2e.test_on_device import SIM, thread, writes

__all__ = ["thread"]  # the fixture


def test_a_setting_changed_at_the_prompt_on_device_refuses_the_apply(thread: Workspace) -> None:
    edge = (ROOT / "examples" / "edge" / "site.yaml").read_text()
    before = writes(thread)

    def baud_rate_set() -> None:
        gateway_port(thread, "PUT", 1, {"BAUD_RATE": 57600}, host="localhost")

    applied = apply_confirmed_after(thread, baud_rate_set, edge, "--on-device", "--sim-db", SIM)

    said = "the gateway changed while the plan awaited confirmation (thread-south/edge/port1.baud_rate)."
    refused_while_awaiting(applied, said, again="iotplan apply --on-device")
    assert writes(thread)["5D6E7F"] == before["5D6E7F"] + 1  # the web page's alone
    assert gateway_port(thread, "GET", 1, host="localhost")["BAUD_RATE"] == 57600
