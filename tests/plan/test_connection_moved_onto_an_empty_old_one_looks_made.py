"""A connection renamed with `moved` whose rename was made (its devices and sensors carry the new
refIds) while an empty connection stands at the old refId: the move looks made, and the refusal
keeps its advice to delete the entry, the empty one then removed, and says what each holds: the
advice that has the user remove one is told by it, and shows it. It said the plan then removes dam-a
"and its history", of a dam-a holding none; now it says dam-a holds no observations."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity
from tests.plan.livebuilder import applied
from tests.plan.refused_move import moved_onto_problem
from tests.plan.test_diff import MANIFEST, PROJECT, load


def test_connection_moved_onto_an_empty_old_one_looks_made() -> None:
    renamed = MANIFEST.replace("key: dam-a\n", "key: dam-b\n")
    live = applied(load(renamed), observations=30)
    stray = LiveEntity("/api/5EE0A1/node", {"SERIAL_NO": "site:dam-a", "NAME": "Dam A"})
    live.projects[PROJECT].connections[stray.id] = LiveConnection(stray, PROJECT)

    problem = moved_onto_problem(load(renamed + "moved:\n  - {from: dam-a, to: dam-b}\n"), live)
    assert (
        "the move looks made already: delete the entry (the plan then removes dam-a, which holds no "
        "observations)" in problem
    )
    assert f"dam-a ({stray.id}) holds 0 of the 3 devices and sensors the manifest declares" in problem
    assert "holds 3 of them (1 device, 2 sensors and 60 observations)" in problem
