"""A sensor pinned to its refId (`ref_id: quickstart:dam-a/weather/air-temp`), its device then renamed
weather → wx by a `moved` entry (the pin kept), and that entry dropped for a later one renaming the
connection dam-a → dam-z. validate refused the pin as "still declared" and advised dropping the `moved`
entry, which would have recreated the connection: only the pinned sensor takes its refId, nothing is
declared at dam-z/weather. Now each step applies, the sensor keeping its id and history, and the last
plan has nothing to do."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import air_temp_pinned_then_its_device_moved, rekey


def test_a_sensor_pinned_by_a_rename_keeps_its_history_when_its_connection_is_moved(
    workspace: Workspace,
) -> None:
    sensor = air_temp_pinned_then_its_device_moved(workspace)
    rekey(workspace, ("dam-a", "dam-z"))
    workspace.edit(QUICKSTART, "{from: dam-a/weather, to: dam-a/wx}", "{from: dam-a, to: dam-z}")

    validated = workspace.run("validate", QUICKSTART)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")

    assert validated.exit_code == 0, validated.output
    assert applied.exit_code == 0, applied.output
    assert "0 added" in applied.stdout and "0 destroyed" in applied.stdout
    kept = workspace.live_entity("quickstart:dam-a/weather/air-temp")
    assert kept["id"] == sensor
    assert kept["props"]["OBSERVATION_COUNT"] == 100
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
