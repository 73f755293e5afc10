"""A saved plan renames the VW logger and holds port 1's baud rate in sync; the baud rate is then
set to 19200 on the THREAD's own web page. A setting's read is its `value`: the apply is refused
naming the setting's value as the gateway's change unless the file was edited, and nothing is
written."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import gateway_port
from tests.e2e.conftest import Workspace
from tests.e2e.saved_write_turned_in_sync import (
    plan_renaming_the_thread_vw_logger,
    saved_plan_refused_with_its_digest,
)
from tests.e2e.test_thread import VW_LOGGER, rpc


def test_a_thread_port_setting_changed_since_a_saved_plan_is_named_as_the_gateways_change(
    workspace: Workspace,
) -> None:
    plan_renaming_the_thread_vw_logger(workspace)
    gateway_port(workspace, "PUT", 1, {"BAUD_RATE": 19200})

    said, digest = saved_plan_refused_with_its_digest(workspace)

    assert said.endswith(
        "Error: 1 entity the plan held in sync reads otherwise now than the plan file says the gateway held "
        "(tunnel-thread/edge/port1.baud_rate: its value): either the gateway changed since the plan was "
        "made, in the web app or by another writer, or the plan file was edited (compare the digest above, "
        f"{digest}, with its review's): run iotplan plan again\n"
    ), said
    (vw,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    assert vw["props"]["NAME"] == "Section 3 VW Logger"
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 19200
