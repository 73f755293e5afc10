"""A connection renamed with `moved` (dam-a → dam-b) onto a stray another tool made at dam-b, which
holds a device and 4,999 observations of its own: the refusal said "Remove it, or give it another
SERIAL_NO", removal first, though it destroys the stray's history. Now the steps that keep it (another
SERIAL_NO, or the entry moving dam-a to another key) come first, and removal last, if its history is
not wanted."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity
from tests.plan.livebuilder import applied
from tests.plan.refused_move import moved_onto_problem
from tests.plan.test_diff import MANIFEST, PROJECT, load


def test_connection_moved_onto_a_stray_holding_history_offers_its_keeping_steps_first() -> None:
    live = applied(load(MANIFEST), observations=5000)
    node = "/api/5EE0A1/node"
    stray = LiveConnection(LiveEntity(node, {"SERIAL_NO": "site:dam-b"}), PROJECT)
    device = LiveEntity(f"{node}/dynamic/5EE0A2/device", {"SERIAL_NO": "site:dam-b/other"}, node)
    stray.devices.append(device)
    sensor = {"SERIAL_NO": "site:dam-b/other/x", "OBSERVATION_COUNT": 4999}
    stray.sensors[device.id] = [LiveEntity(f"{device.id}/5EE0A3/sensor", sensor, device.id)]
    live.projects[PROJECT].connections[node] = stray
    renamed = MANIFEST.replace("key: dam-a\n", "key: dam-b\n") + "moved:\n  - {from: dam-a, to: dam-b}\n"

    problem = moved_onto_problem(load(renamed), live)
    assert "the move does not look made" in problem
    assert "holds none of them (1 device, 1 sensor and 4,999 observations)" in problem
    assert (
        "Give it and its 1 device and 1 sensor SERIAL_NOs that do not start with 'site:' in the platform's "
        "web app (its history stays), or have the entry move "
        "dam-a to a key no live connection carries; or, if its history is not wanted, remove it there; "
        "keep the entry (without it the plan removes dam-a and its 10,000 observations)"
    ) in problem
