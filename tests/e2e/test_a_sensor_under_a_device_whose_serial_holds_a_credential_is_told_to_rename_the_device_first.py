"""T1 declared under Logger 1 lives under a logger whose SERIAL_NO is a URL with a password: the plan
said to declare it "in a device with `ref_id: https://(sensitive)@10.0.0.9/feed`", the masked text,
not the device's refId, and one no manifest may hold (cr161). It says to give that device another
SERIAL_NO in the web app first, then to declare it by that `ref_id:`."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.unnameable_device import planned_with_t1_under_logger_1


def test_the_advice_gives_the_device_another_serial_no_first(workspace: Workspace) -> None:
    plan = planned_with_t1_under_logger_1(workspace, "https://admin:hunter2@10.0.0.9/feed")
    assert "hunter2" not in plan.output, plan.output
    assert "`ref_id: https://" not in plan.stderr, plan.stderr
    assert "To adopt it, first give its device /api/" in plan.stderr, plan.stderr
    assert "another SERIAL_NO in the platform's web app (the one it has holds a credential" in plan.stderr
    assert (
        "then declare it where it lives, under legacy-feed, in that device by that `ref_id:`" in plan.stderr
    )
