"""As tests/e2e/test_drift_counts_a_sensor_a_half_done_move_does_not_keep.py, on a platform that does
not lower a device's SIZE when a sensor is removed (`size-not-lowered`): a second sensor of the
stack's, 'quickstart:dam-a/logger-q/gone', was made under dam-a/logger-q and removed, so its SIZE
counts one sensor more than were read. `drift` said "either way's plan removes it, destroying 200
observations", `observations: 200`, exact; but a sensor the read missed may carry none of
dam-a/logger-1's refIds too, and the plan finishing the rename (the rest of the sensors renamed to
dam-a/logger-q) is refused outright while its SIZE counts sensors not read. `drift` counts at least
200 observations, the count unknown, and says the next plan of either way removes them or refuses."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.serial_no_changed import logger_1_given

DEVICE = "quickstart:dam-a/logger-q"


def _sensor(ref_id: str, change_state: str = "new") -> dict[str, object]:
    return {
        "changeState": change_state,
        "refId": ref_id,
        "props": {"NAME": "X", "INTEGRATION_ID": "TEMPERATURE_SDE"},
    }


def test_drift_counts_at_least_what_a_half_done_move_leaves_beside_unread_sensors(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "size-not-lowered")
    logger_1_given(workspace, {"SERIAL_NO": DEVICE})
    made = [_sensor(f"{DEVICE}/extra"), _sensor(f"{DEVICE}/gone")]
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "update", "refId": DEVICE, "sensors": made}]
    )
    removed = {"changeState": "remove", "refId": f"{DEVICE}/gone"}
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "update", "refId": DEVICE, "sensors": [removed]}]
    )
    extra = workspace.live_entity(f"{DEVICE}/extra")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": extra["id"], "count": 200})

    text = workspace.run("drift", QUICKSTART)
    as_json = workspace.run("drift", QUICKSTART, "--format", "json")
    workspace.edit(QUICKSTART, "- key: logger-1\n", "- key: logger-q\n")
    workspace.edit(
        QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-q}\ndefaults:\n"
    )
    finished = workspace.run("plan", QUICKSTART)

    assert finished.exit_code == 1, finished.output  # this way's plan is refused outright, removing nothing
    assert "whose SIZE is" in finished.output, finished.output
    (line,) = [line for line in text.output.splitlines() if "device dam-a/logger-q:" in line]
    assert "destroying at least 200 observations" in line, text.output
    assert "either way's plan removes" not in line and "or refuses" in line, text.output
    entries = json.loads(as_json.stdout)["entries"]
    (entry,) = [each for each in entries if each["address"] == "dam-a/logger-q"]
    assert entry["refused"] is True, entry
    assert entry["observations"] == 200 and entry["observations_unknown"] is True, entry
    assert entry["severity"] == "critical", entry
