"""A device renamed with `moved` (logger-1 → logger-2) whose old one still holds the declared
sensors under refIds differing only in case (`site:dam-a/logger-1/PZ-1`, 4,000 observations each),
while another tool made logger-2 with one empty sensor at a declared refId: the refusal said "the
move looks made already: delete the entry", which removes logger-1 and its 8,000 observations. Now
the old one is found to hold the declared sensors (refIds folded, as the rest of iotplan compares
them), and iotplan says it cannot tell and gives no removing step."""

from __future__ import annotations

from iotplan.live import LiveEntity
from tests.plan.livebuilder import applied
from tests.plan.refused_move import moved_onto_problem
from tests.plan.test_diff import MANIFEST, PROJECT, load


def test_device_moved_onto_a_stray_while_the_old_one_holds_the_declared_in_another_case() -> None:
    live = applied(load(MANIFEST), observations=4000)
    [connection] = live.projects[PROJECT].connections.values()
    [old] = connection.devices
    for sensor in connection.sensors_of(old):
        sensor.props["SERIAL_NO"] = (
            sensor.props["SERIAL_NO"].upper().replace("SITE:DAM-A/LOGGER-1", "site:dam-a/logger-1")
        )
    stray = LiveEntity(f"{connection.node.id}/dynamic/5EE0B1/device", {"SERIAL_NO": "site:dam-a/logger-2"})
    connection.devices.append(stray)
    connection.sensors[stray.id] = [
        LiveEntity(f"{stray.id}/5EE0B2/sensor", {"SERIAL_NO": "site:dam-a/logger-2/pz-1"})
    ]
    renamed = MANIFEST.replace("key: logger-1\n", "key: logger-2\n")

    problem = moved_onto_problem(
        load(renamed + "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-2}\n"), live
    )
    assert "iotplan cannot tell whether the move was made" in problem
    assert f"dam-a/logger-1 ({old.id}) holds 2 of the 2 sensors" in problem
    assert "8,000 observations" in problem
    assert "delete the entry" not in problem
