"""T1 declared under Logger 1 lives under a logger whose SERIAL_NO ends in a blank, which validate
refuses as a `ref_id:`: the plan said to declare it "in a device with `ref_id: "Logger 2 "`", a file
that would not validate (cr161). It says to give that device another SERIAL_NO first."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.unnameable_device import planned_with_t1_under_logger_1


def test_the_advice_gives_the_device_another_serial_no_first(workspace: Workspace) -> None:
    plan = planned_with_t1_under_logger_1(workspace, "Logger 2 ")
    assert "`ref_id: " not in plan.stderr, plan.stderr
    assert "To adopt it, first give its device /api/" in plan.stderr, plan.stderr
    assert (
        "another SERIAL_NO in the platform's web app (a manifest may not hold the one it has" in plan.stderr
    )
    assert (
        "then declare it where it lives, under legacy-feed, in that device by that `ref_id:`" in plan.stderr
    )
