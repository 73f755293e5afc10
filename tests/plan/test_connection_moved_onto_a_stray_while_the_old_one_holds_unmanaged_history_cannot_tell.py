"""A connection renamed with `moved` (dam-a → dam-b) whose old one holds none of the declared
devices and sensors but an unmanaged device (`legacy:extra`) with 3,000 observations, while another
tool made dam-b with one empty device at a declared refId: the refusal said "the move looks made
already: delete the entry", which has the user remove dam-a and its 3,000 observations. After a made
move the old refId is normally gone; one still holding history is never taken as made. Now iotplan
says it cannot tell, names both with what each holds, and gives no removing step."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity
from tests.plan.livebuilder import empty
from tests.plan.refused_move import moved_onto_problem
from tests.plan.test_diff import MANIFEST, PROJECT, load


def _connection(node: str, ref_id: str, device_ref_id: str, observations: int) -> LiveConnection:
    connection = LiveConnection(LiveEntity(node, {"SERIAL_NO": ref_id}), PROJECT)
    device = LiveEntity(f"{node}/dynamic/0D0001/device", {"SERIAL_NO": device_ref_id}, node)
    connection.devices.append(device)
    sensor = {"SERIAL_NO": f"{device_ref_id}/t", "OBSERVATION_COUNT": observations}
    connection.sensors[device.id] = [LiveEntity(f"{device.id}/0D0002/sensor", sensor, device.id)]
    return connection


def test_connection_moved_onto_a_stray_while_the_old_one_holds_unmanaged_history() -> None:
    renamed = load(
        MANIFEST.replace("key: dam-a\n", "key: dam-b\n") + "moved:\n  - {from: dam-a, to: dam-b}\n"
    )
    live = empty(renamed)
    old = _connection("/api/01D0A1/node", "site:dam-a", "legacy:extra", 3000)
    stray = _connection("/api/5EE0A1/node", "site:dam-b", "site:dam-b/logger-1", 0)
    live.projects[PROJECT].connections.update({old.node.id: old, stray.node.id: stray})

    problem = moved_onto_problem(renamed, live)
    assert "iotplan cannot tell whether the move was made" in problem
    assert f"dam-a ({old.node.id}) holds 0 of the 3 devices and sensors" in problem
    assert "3,000 observations" in problem
    assert "delete the entry" not in problem
