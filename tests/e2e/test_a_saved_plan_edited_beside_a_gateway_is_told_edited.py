"""A saved plan edited in the file where its gateway's settings, or the loggers and sensors it
confirms, are written: refused as the file's edit whether the gateway answers or sleeps, and before
anything is written. Edited there, a port setting's `fields` alone (its review's line) was refused as
"the gateway changed since the plan was made" (blaming a writer who does not exist), and while the
gateway slept every such edit was refused as "apply the plan again when the gateway answers", which
no answer makes right. A plan edited nowhere still applies (test_gateway_pending_when_planned.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.awaiting_confirmation import SHOWN, applied_base, entity_ids, gateway_port
from tests.e2e.conftest import Workspace

GATEWAY = "/_sim/gateways/6C7D8E"
BAUD = "t1/edge/port1.baud_rate"
EDITED = "was the plan file edited or cut? Run iotplan plan again"


def _change(plan: dict[str, Any], address: str) -> dict[str, Any]:
    (change,) = [change for change in plan["changes"] if change["address"] == address]
    return change


def _fields_after(plan: dict[str, Any]) -> None:
    _change(plan, BAUD)["fields"][0]["after"] = 38400


def _before(plan: dict[str, Any]) -> None:
    baud = _change(plan, BAUD)
    baud["before"]["value"] = baud["fields"][0]["before"] = 19200


def _fields_before(plan: dict[str, Any]) -> None:
    """Its line's `before` alone, to a value the plan does not write: its `before` still says 9600."""
    _change(plan, BAUD)["fields"][0]["before"] = 4800


def _after_float(plan: dict[str, Any]) -> None:
    baud = _change(plan, BAUD)
    baud["after"]["value"] = baud["fields"][0]["after"] = 19200.0


def _logger_port(plan: dict[str, Any]) -> None:
    _change(plan, "t1/vw2")["after"]["port"] = 3


def _sensor_mux(plan: dict[str, Any]) -> None:
    _change(plan, "t1/vw/pz-2")["after"]["mux_index"] = 7


EDITS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "fields": (
        _fields_after,
        f"the plan writes 38400 to {BAUD}, where the manifest declares 19200: {EDITED}",
    ),
    "before": (_before, f"the plan writes 19200 to {BAUD}, where it shows the gateway holds 19200: {EDITED}"),
    "fields-before": (
        _fields_before,
        f"the plan writes 19200 to {BAUD}, where its line shows the gateway holds 4800 but its before "
        f"9600: {EDITED}",
    ),
    "float": (
        _after_float,
        f"the plan writes 19200.0 to {BAUD}, where the manifest declares 19200: {EDITED}",
    ),
    "logger": (_logger_port, "t1/vw2 (its after"),
    "sensor": (_sensor_mux, "t1/vw/pz-2 (its after"),
}


def _saved_edited(workspace: Workspace, edit: Callable[[dict[str, Any]], None]) -> None:
    (workspace.path / "shown.yaml").write_text(SHOWN)
    planned = workspace.run("plan", "shown.yaml", "--out", "shown.plan.json")
    assert planned.exit_code == 0, planned.output
    path = workspace.path / "shown.plan.json"
    plan = json.loads(path.read_text())
    edit(plan)
    path.write_text(json.dumps(plan))


@pytest.mark.parametrize("status", ["asleep", "ok"])
@pytest.mark.parametrize("edited", sorted(EDITS))
def test_a_saved_plan_edited_beside_a_gateway_is_told_edited(
    workspace: Workspace, edited: str, status: str
) -> None:
    ids = applied_base(workspace)
    edit, said = EDITS[edited]
    _saved_edited(workspace, edit)
    workspace.api("POST", GATEWAY, json={"status": status})

    applied = workspace.run("apply", "shown.plan.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert said in " ".join(applied.output.split()), applied.output
    assert EDITED in " ".join(applied.output.split()), applied.output
    assert "when the gateway answers" not in applied.output
    assert "the gateway changed" not in applied.output
    workspace.api("POST", GATEWAY, json={"status": "ok"})
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 9600  # nothing written
    assert entity_ids(workspace) == ids


def test_a_setting_written_as_text_says_its_type_differs(workspace: Workspace) -> None:
    applied_base(workspace)

    def as_text(plan: dict[str, Any]) -> None:
        baud = _change(plan, BAUD)
        baud["after"]["value"] = baud["fields"][0]["after"] = "19200"

    _saved_edited(workspace, as_text)

    applied = workspace.run("apply", "shown.plan.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = f'the plan writes "19200" (text) to {BAUD}, where the manifest declares 19200 (a number): {EDITED}'
    assert said in " ".join(applied.output.split()), applied.output
