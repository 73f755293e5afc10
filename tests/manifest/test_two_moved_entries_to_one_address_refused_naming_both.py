"""Two `moved` entries with one `to` (`pz-1` and `crack-1` both moved to `pz-9`) were valid, and the plan
took the last: `pz-9` moved from `crack-1`, `pz-1` destroyed with its history. Which entity is meant no
rule guesses: the second entry is refused at its line, naming both entries."""

from __future__ import annotations

from tests.manifest.refused_sites import only_problem, two_moves_onto_pz_9


def test_a_second_entry_moving_to_the_same_address_is_refused_naming_both(tmp_path) -> None:  # type: ignore[no-untyped-def]
    problem = only_problem(tmp_path, two_moves_onto_pz_9("pz-9"))
    assert (problem.line, problem.address) == (12, "moved[1]")
    assert "moved[1] {from: dam-a/logger-1/crack-1, to: dam-a/logger-1/pz-9}" in problem.message
    assert "moved[0] {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-9}" in problem.message
    assert "Each entity needs its own new address" in problem.message
    assert problem.message.endswith("(first written at line 11)")
