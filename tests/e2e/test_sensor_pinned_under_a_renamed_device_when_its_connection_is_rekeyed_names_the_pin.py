"""A sensor pinned `ref_id: quickstart:dam-a/weather/air-temp` kept that refId when `moved` renamed
its device weather → wx; then its connection was re-keyed dam-a → dam-z without `moved`. The plan
said "either a `moved` rename of dam-a/weather to dam-a/wx stopped between two of its calls, or …
add `moved: [{from: dam-a/wx, to: dam-a/weather}]`", though the manifest declares no dam-a/weather:
the refId is the one the sensor's own `ref_id:` pins. Now it names the pin instead; nothing is
written, and the sensor keeps its history."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import (
    air_temp_pinned_then_its_device_moved,
    planned_then_applied,
    rekey,
)


def test_a_sensor_pinned_under_a_renamed_device_when_its_connection_is_rekeyed_names_the_pin(
    workspace: Workspace,
) -> None:
    sensor = air_temp_pinned_then_its_device_moved(workspace)
    workspace.edit(QUICKSTART, "moved:\n  - {from: dam-a/weather, to: dam-a/wx}\n", "")
    rekey(workspace, ("dam-a", "dam-z"))

    shown, applied = planned_then_applied(workspace)

    assert shown.exit_code != 0, shown.output
    assert "stopped between two of its calls" not in shown.output
    assert "to: dam-a/weather}" not in shown.output
    pinned = next(line for line in shown.output.splitlines() if "dam-z/wx/air-temp:" in line)
    assert "`ref_id: quickstart:dam-a/weather/air-temp` pins" in pinned
    assert applied.exit_code != 0, applied.output
    kept = workspace.live_entity("quickstart:dam-a/weather/air-temp")
    assert kept["id"] == sensor
    assert kept["props"]["OBSERVATION_COUNT"] == 100
