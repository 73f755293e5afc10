"""A connection renamed with `moved` (dam-a → dam-b) whose old one still holds the declared logger
and its sensors under refIds differing only in case (`site:dam-a/Logger-1/pz-1`, 5,000 observations
each), while another tool made dam-b with one empty device at a declared refId: the refusal said "the
move looks made already: delete the entry", which removes dam-a and its 10,000 observations. refIds
were compared exactly here, while the rest of iotplan folds them (`fold_ref_id`). Now the old one is
found to hold the declared entities, and iotplan says it cannot tell and gives no removing step."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity
from tests.plan.livebuilder import applied
from tests.plan.refused_move import moved_onto_problem
from tests.plan.test_diff import MANIFEST, PROJECT, load


def test_connection_moved_onto_a_stray_while_the_old_one_holds_the_declared_in_another_case() -> None:
    live = applied(load(MANIFEST), observations=5000)
    [old] = live.projects[PROJECT].connections.values()
    for entity in [*old.devices, *old.every_sensor()]:
        entity.props["SERIAL_NO"] = entity.props["SERIAL_NO"].replace("/logger-1", "/Logger-1")
    stray = LiveConnection(LiveEntity("/api/5EE0A1/node", {"SERIAL_NO": "site:dam-b"}), PROJECT)
    stray.devices.append(
        LiveEntity("/api/5EE0A1/node/dynamic/5EE0A2/device", {"SERIAL_NO": "site:dam-b/logger-1"})
    )
    live.projects[PROJECT].connections[stray.node.id] = stray
    renamed = MANIFEST.replace("key: dam-a\n", "key: dam-b\n")

    problem = moved_onto_problem(load(renamed + "moved:\n  - {from: dam-a, to: dam-b}\n"), live)
    assert "iotplan cannot tell whether the move was made" in problem
    assert f"dam-a ({old.node.id}) holds 3 of the 3 devices and sensors" in problem
    assert "10,000 observations" in problem
    assert "delete the entry" not in problem
