"""A connection renamed with `moved` (dam-a → dam-b) whose rename was made, its devices and sensors
carrying the new refIds but holding no observations yet, while an empty connection stands at dam-a:
the move looks made, and the refusal's other way said "first apply a manifest without dam-b, which
removes dam-b and its history", of a dam-b holding none. Now it says what dam-b holds: "which holds
no observations"."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity
from tests.plan.livebuilder import applied
from tests.plan.refused_move import moved_onto_problem
from tests.plan.test_diff import MANIFEST, PROJECT, load


def test_connection_moved_onto_a_made_move_without_observations_says_the_new_one_holds_none() -> None:
    renamed = MANIFEST.replace("key: dam-a\n", "key: dam-b\n")
    live = applied(load(renamed), observations=0)
    stray = LiveEntity("/api/5EE0A1/node", {"SERIAL_NO": "site:dam-a"})
    live.projects[PROJECT].connections[stray.id] = LiveConnection(stray, PROJECT)

    problem = moved_onto_problem(load(renamed + "moved:\n  - {from: dam-a, to: dam-b}\n"), live)
    assert "the move looks made already: delete the entry" in problem
    assert "holds 3 of them (1 device, 2 sensors and 0 observations)" in problem
    assert (
        "to rename dam-a instead, first apply a manifest without dam-b (the plan then removes dam-b, which "
        "holds no observations), then the rename"
    ) in problem
