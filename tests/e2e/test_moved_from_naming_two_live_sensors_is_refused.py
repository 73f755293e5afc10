"""A device renamed by one apply (logger-1 to logger-2), its `moved` entry kept; beneath it, besides
the real sensor `dam-a/logger-2/crack-1`, a stray one carrying the refId of its address before the
device's rename (`dam-a/logger-1/crack-1`). A sensor's `from: dam-a/logger-2/crack-1` names either:
the plan renamed the stray and destroyed the real one. Now which one is meant is not guessed: the plan
is refused, naming the entry, both refIds and what to write, and nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

DEVICE_MOVED = "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-2}\n"
SENSOR_MOVED = "  - {from: dam-a/logger-2/crack-1, to: dam-a/logger-2/crack-2}\n"
STRAY = {
    "changeState": "new",
    "refId": "quickstart:dam-a/logger-1/crack-1",
    "props": {"NAME": "stray", "INTEGRATION_ID": "GENERIC_SENSOR_SDE"},
}


def test_a_moved_from_naming_two_live_sensors_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": 300})
    workspace.edit(QUICKSTART, "- key: logger-1\n", "- key: logger-2\n")
    workspace.edit(QUICKSTART, "defaults:\n", DEVICE_MOVED + "defaults:\n")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    device = {"changeState": "update", "refId": "quickstart:dam-a/logger-2", "props": {}, "sensors": [STRAY]}
    workspace.integrate_under("quickstart:dam-a", [device])
    stray = workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["id"]
    workspace.edit(QUICKSTART, "- key: crack-1\n", "- key: crack-2\n")
    workspace.edit(QUICKSTART, DEVICE_MOVED, DEVICE_MOVED + SENSOR_MOVED)

    shown = workspace.run("plan", QUICKSTART)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")

    assert shown.exit_code == 1, shown.output
    entry = (workspace.path / QUICKSTART).read_text().splitlines(keepends=True).index(SENSOR_MOVED) + 1
    told = f"{QUICKSTART}:{entry}:5: dam-a/logger-2/crack-2: moved[1] {{from: dam-a/logger-2/crack-1, to: "
    assert told in shown.output  # at the entry its `from:` is written in
    assert "quickstart:dam-a/logger-2/crack-1" in shown.output
    assert "quickstart:dam-a/logger-1/crack-1" in shown.output
    assert "Write `from:` with the address it has on the platform now" in shown.output
    assert applied.exit_code == 1, applied.output
    assert workspace.live_entity("quickstart:dam-a/logger-2/crack-1")["id"] == sensor
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["id"] == stray
