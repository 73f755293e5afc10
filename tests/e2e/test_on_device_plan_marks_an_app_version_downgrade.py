"""A THREAD reporting app version 7.17.0, its node declaring `app_version: 7.16.0`: the plan showed
`~ edge thread-south/edge/app_version: differs from the manifest`, as it shows an update to a newer
version, so a reviewer (or a timer's log) could not tell that apply sends the box back to an older
application. The change says it is a downgrade, in the plan text and its JSON."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_on_device import EDGE, SIM

DOWNGRADE = "downgrade: the gateway reports app version 7.17.0, newer than the manifest's 7.16.0"


def test_on_device_plan_marks_an_app_version_downgrade(workspace: Workspace) -> None:
    workspace.api("POST", "/_sim/gateways/5D6E7F", json={"host": "localhost"})  # reports 7.17.0
    workspace.edit(
        EDGE, "            parity: EVEN\n", "            parity: EVEN\n          app_version: 7.16.0\n"
    )
    target = ("--on-device", "--sim-db", SIM, "--target", "thread-south/edge/app_version")

    shown = workspace.run("plan", EDGE, *target)
    planned = workspace.json("plan", EDGE, *target)

    assert f"~ edge thread-south/edge/app_version: {DOWNGRADE}" in shown.stdout, shown.output
    [change] = [c for c in planned["changes"] if c["address"] == "thread-south/edge/app_version"]
    assert (change["action"], change["reason"]) == ("update", DOWNGRADE)
