"""A device renamed by a `moved` entry, and beside it another declared with `ref_id:` set to the
renamed device's old refId: both took the one live device. The plan renamed it, then wrote the spare's
name to it and destroyed its sensors (the very ones being moved); the apply stopped at a 404 yet said
those removals made. Now the `ref_id:` is refused at its line before any read, and nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_device import move_device

SPARE = "          - key: spare\n            name: Spare\n            ref_id: quickstart:dam-a/logger-1\n"


def test_a_ref_id_taking_a_moved_devices_old_ref_id_is_refused_and_nothing_written(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": 100})
    move_device(workspace, "dam-a", "logger-1", "logger-2")
    workspace.edit(QUICKSTART, "          - key: weather\n", SPARE + "          - key: weather\n")

    shown = workspace.run("plan", QUICKSTART)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")

    assert shown.exit_code != 0, shown.output
    assert "dam-a/spare: ref_id 'quickstart:dam-a/logger-1' is still declared" in shown.output
    assert "moved[0] {from: dam-a/logger-1, to: dam-a/logger-2}" in shown.output
    assert "destroys" not in shown.output
    assert applied.exit_code != 0, applied.output
    device = workspace.live_entity("quickstart:dam-a/logger-1")
    assert device["props"]["NAME"] == "Crest datalogger"
    kept = workspace.live_entity("quickstart:dam-a/logger-1/crack-1")
    assert kept["id"] == sensor
    assert kept["props"]["OBSERVATION_COUNT"] == 100
