"""A `moved` rename whose old and new refIds are both live, where what each holds does not tell
whether the move was made (two sensors, each with its own history): the refusal said "the move
looks made already: delete the entry", which removes the old one and its history on a guess. Now it
says iotplan cannot tell, names both with what each holds, and gives no step that removes either;
of the user's own steps, the one that keeps history comes first (it said "remove the one not meant
there (or give it another SERIAL_NO)", removal first, though both hold history)."""

from __future__ import annotations

from tests.plan.livebuilder import applied, find
from tests.plan.refused_move import moved_onto_problem
from tests.plan.test_diff import MANIFEST, load

SENSOR_BESIDE = "              - key: pz-01\n                metrics: [{metric: f, unit: Hz}]\n"


def test_a_move_onto_a_live_entity_neither_way_clear_names_both_and_no_step() -> None:
    both = applied(load(MANIFEST + SENSOR_BESIDE), observations=40)
    find(both, "site:dam-a/logger-1/pz-01").props["OBSERVATION_COUNT"] = 15
    old = find(both, "site:dam-a/logger-1/pz-1").id
    new = find(both, "site:dam-a/logger-1/pz-01").id
    renamed = MANIFEST.replace("key: pz-1\n", "key: pz-01\n") + (
        "moved:\n  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-01}\n"
    )

    problem = moved_onto_problem(load(renamed), both)
    assert "iotplan cannot tell whether the move was made" in problem
    assert f"dam-a/logger-1/pz-1 ({old}) holds 40 observations" in problem
    assert (
        f"sensor {new} (SERIAL_NO 'site:dam-a/logger-1/pz-01'), at dam-a/logger-1/pz-01, holds 15 obs"
        in problem
    )
    assert "delete the entry" not in problem
    assert (
        "give the one not meant there a SERIAL_NO that does not start with 'site:' (its history stays), or "
        "remove it, then plan again" in problem
    )
