"""A `moved` rename whose old and new refIds are both live is refused. The refusal named no entry,
said "drop the `moved` entry (the plan then removes OLD)" without saying OLD's history goes too, and
"first apply a manifest without NEW, which removes it" without saying NEW's does. Now it names the
entry, says the move looks made already (NEW is live, declared, and holds the history OLD does not)
and what each way removes: OLD, which holds no observations, or NEW and its 12 observations."""

from __future__ import annotations

from tests.plan.livebuilder import applied, find
from tests.plan.refused_move import moved_onto_problem
from tests.plan.test_diff import MANIFEST, load

SENSOR_BESIDE = "              - key: pz-01\n                metrics: [{metric: f, unit: Hz}]\n"
MOVED = (
    "moved:\n"
    "  - {from: dam-a/logger-9, to: dam-a/logger-2}\n"
    "  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-01}\n"
)
ENTRY = "moved[1] {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-01}"


def test_a_move_onto_a_live_entity_names_the_entry_and_what_each_way_removes() -> None:
    both = applied(load(MANIFEST + SENSOR_BESIDE))
    find(both, "site:dam-a/logger-1/pz-01").props["OBSERVATION_COUNT"] = 12  # the move made: its history
    renamed = MANIFEST.replace("key: pz-1\n", "key: pz-01\n") + "          - key: logger-2\n" + MOVED

    problem = moved_onto_problem(load(renamed), both)
    assert ENTRY in problem
    assert "the move looks made already: delete the entry" in problem
    assert "removes dam-a/logger-1/pz-1, which holds no observations" in problem
    assert "removes dam-a/logger-1/pz-01 and its 12 observations" in problem
