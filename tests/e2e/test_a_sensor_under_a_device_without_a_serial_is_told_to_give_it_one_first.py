"""T1 declared under Logger 1 lives under a logger with no SERIAL_NO: the plan said to declare it "in
its device /api/.../device", which a manifest cannot (a device is declared by `ref_id:`; validate
refuses its `id:`) (cr161). It says to give that device a SERIAL_NO in the web app first, then to
declare the sensor under it by that `ref_id:`."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.unnameable_device import planned_with_t1_under_logger_1


def test_the_advice_gives_the_device_a_serial_no_first(workspace: Workspace) -> None:
    plan = planned_with_t1_under_logger_1(workspace, None)
    assert "in its device /api/" not in plan.stderr, plan.stderr
    assert "To adopt it, first give its device /api/" in plan.stderr, plan.stderr
    assert "a SERIAL_NO in the platform's web app (it has none" in plan.stderr, plan.stderr
    assert (
        "then declare it where it lives, under legacy-feed, in that device by that `ref_id:`" in plan.stderr
    )
