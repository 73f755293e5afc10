"""The connection dam-a given the SERIAL_NO 'SITE:dam-a' (the stack's prefix in another case), a
sensor under it given no count, and its device's SIZE counting 2 sensors more than were read. The
refusal weighs the node as its spelling owns it, "1 entity made as `SITE:` (holding at least 50
observations)", and offers it as a copy with the same figure (its sensors' counted, not its own
alone), saying the shared observations as "at least 50 observations, the same ones"."""

from __future__ import annotations

from iotplan.errors import NoSafePlanError
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.serial_no_changed import no_safe_plan
from tests.plan.test_diff import load


def test_a_case_variant_node_holding_sensors_not_counted_is_told_as_its_spelling_counts() -> None:
    live = applied(load(), observations=50)
    first_connection(live).node.props["SERIAL_NO"] = "SITE:dam-a"
    del find(live, "site:dam-a/logger-1/pz-1").props["OBSERVATION_COUNT"]
    find(live, "site:dam-a/logger-1").props["SIZE"] = 4

    refused: NoSafePlanError = no_safe_plan(live)

    [problem] = [str(each) for each in refused.refusals if "Both spellings" in str(each)]
    assert "1 entity made as `SITE:` (holding at least 50 observations)" in problem, problem
    assert "(refId 'SITE:dam-a', holding at least 50 observations) is a copy" in problem, problem
    assert "at least 50 observations, the same ones, counted for both" in problem, problem
