"""A declared sensor missing while a web-app copy of it stands under a device the stack does not own:
the refusal said "Remove it (or give it another SERIAL_NO)" without saying that the removal destroys
the copy's observations. It says how many, after the step that keeps them."""

from __future__ import annotations

from tests.plan.copy_under_a_hand_device import refused_over_a_copy_of_missing_pz_1


def test_the_removal_advised_names_the_observations_it_destroys() -> None:
    problem = refused_over_a_copy_of_missing_pz_1("x", OBSERVATION_COUNT=42)
    kept, _, removed = problem.partition("remove it there")
    assert "give it a SERIAL_NO that does not start with 'site:' in the platform's web app" in kept, problem
    assert removed.startswith(", destroying 42 observations"), problem
