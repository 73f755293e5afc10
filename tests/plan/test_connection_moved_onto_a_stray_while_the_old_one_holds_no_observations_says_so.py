"""A connection renamed with `moved` (dam-a → dam-b) onto an empty stray another tool made at dam-b,
while dam-a holds every declared device and sensor but no observations: the move does not look made,
and the refusal said "keep the entry (without it the plan removes dam-a and its history)", of a dam-a
holding none. Now it says what dam-a holds: "which holds no observations"."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity
from tests.plan.livebuilder import applied
from tests.plan.refused_move import moved_onto_problem
from tests.plan.test_diff import MANIFEST, PROJECT, load


def test_connection_moved_onto_a_stray_while_the_old_one_holds_no_observations_says_so() -> None:
    live = applied(load(MANIFEST), observations=0)
    stray = LiveEntity("/api/5EE0A1/node", {"SERIAL_NO": "site:dam-b"})
    live.projects[PROJECT].connections[stray.id] = LiveConnection(stray, PROJECT)
    renamed = MANIFEST.replace("key: dam-a\n", "key: dam-b\n") + "moved:\n  - {from: dam-a, to: dam-b}\n"

    problem = moved_onto_problem(load(renamed), live)
    assert "the move does not look made" in problem
    assert "(1 device, 2 sensors and 0 observations)" in problem
    assert problem.endswith("keep the entry (without it the plan removes dam-a, which holds no observations)")
