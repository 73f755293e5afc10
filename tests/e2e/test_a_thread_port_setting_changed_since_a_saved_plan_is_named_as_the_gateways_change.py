"""A saved plan renames the VW logger and holds port 1's baud rate in sync; the baud rate is then
set to 19200 on the THREAD's own web page. A setting's read is its `value`: the apply is refused
naming the setting's value as the gateway's change unless the file was edited, and nothing is
written."""

from __future__ import annotations

import re

from tests.e2e.awaiting_confirmation import gateway_port
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc


def test_a_thread_port_setting_changed_since_a_saved_plan_is_named_as_the_gateways_change(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, "name: Section 3 VW Logger", "name: Section 3 VW Logger (north)")
    assert workspace.run("plan", SITE, "--out", "plan.json").exit_code == 0
    gateway_port(workspace, "PUT", 1, {"BAUD_RATE": 19200})

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    (digest,) = re.findall(r"Applying the saved plan (\S+):", refused.stderr)
    assert refused.stderr.endswith(
        "Error: 1 entity the plan held in sync reads otherwise now than the plan file says the gateway held "
        "(tunnel-thread/edge/port1.baud_rate: its value): either the gateway changed since the plan was "
        "made, in the web app or by another writer, or the plan file was edited (compare the digest above, "
        f"{digest}, with its review's): run iotplan plan again\n"
    ), refused.stderr
    (vw,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    assert vw["props"]["NAME"] == "Section 3 VW Logger"
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 19200
