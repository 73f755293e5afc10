"""A saved plan whose THREAD setting was edited in the file (port 1's baud rate 19200 → 38400, its
`fields` and `after` alike) was refused as "apply the plan again when the gateway answers" while the
gateway slept, and as "the gateway changed since the plan was made" once it answered: neither helps,
as the manifest (unchanged since the plan) declares 19200 and no gateway read can make the file's
38400 right. Refused up front as the file's edit, whether the gateway answers or not."""

from __future__ import annotations

import json

import pytest

from tests.e2e.awaiting_confirmation import SHOWN, applied_base, gateway_port
from tests.e2e.conftest import Workspace

GATEWAY = "/_sim/gateways/6C7D8E"
EDITED = (
    "the plan writes 38400 to t1/edge/port1.baud_rate, where the manifest declares 19200: "
    "was the plan file edited or cut? Run iotplan plan again"
)


def _saved_with_baud_rate_edited(workspace: Workspace) -> None:
    (workspace.path / "shown.yaml").write_text(SHOWN)
    planned = workspace.run("plan", "shown.yaml", "--out", "shown.plan.json")
    assert planned.exit_code == 0, planned.output
    path = workspace.path / "shown.plan.json"
    plan = json.loads(path.read_text())
    (baud,) = [change for change in plan["changes"] if change["address"] == "t1/edge/port1.baud_rate"]
    baud["after"]["value"] = 38400
    baud["fields"][0]["after"] = 38400
    path.write_text(json.dumps(plan))


@pytest.mark.parametrize("status", ["asleep", "ok"])
def test_a_saved_plan_whose_gateway_setting_was_edited_is_told_edited(
    workspace: Workspace, status: str
) -> None:
    applied_base(workspace)
    _saved_with_baud_rate_edited(workspace)
    workspace.api("POST", GATEWAY, json={"status": status})

    applied = workspace.run("apply", "shown.plan.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert EDITED in applied.output, applied.output
    assert "when the gateway answers" not in applied.output
    workspace.api("POST", GATEWAY, json={"status": "ok"})
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 9600  # nothing written
