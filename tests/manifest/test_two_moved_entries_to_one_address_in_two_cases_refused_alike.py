"""A second `to` that differs from another entry's only in case (`PZ-9` beside `pz-9`) is the same
address to a platform comparing refIds without case: refused as the same `to` is, saying how the two
differ, not as pointing nowhere."""

from __future__ import annotations

from tests.manifest.refused_sites import only_problem, two_moves_onto_pz_9


def test_a_second_entry_moving_to_the_same_address_in_another_case_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    problem = only_problem(tmp_path, two_moves_onto_pz_9("PZ-9"))
    assert (problem.line, problem.address) == (12, "moved[1]")
    assert "'to: dam-a/logger-1/PZ-9' differs only in case from" in problem.message
    assert "moved[0] {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-9}" in problem.message
    assert "Each entity needs its own new address" in problem.message
