"""dam-a/logger-1, its 2 sensors holding 50 observations each, given the SERIAL_NO
'SITE:dam-a/logger-1' (the stack's prefix in another case). The refusal weighs what each spelling
owns: 3 entities made as `site:` (the connection and the sensors) holding 100 observations, and the
device made as `SITE:` holding 100 observations. Those are the device's sensors' 100, counted on both
sides: it says they are the same ones and that there are 100 in all, not 200."""

from __future__ import annotations

from iotplan.errors import NoSafePlanError
from tests.plan.livebuilder import applied, find
from tests.plan.serial_no_changed import no_safe_plan
from tests.plan.test_diff import load


def test_a_case_variant_device_of_another_spelling_counts_its_sensors_once() -> None:
    live = applied(load(), observations=50)
    find(live, "site:dam-a/logger-1").props["SERIAL_NO"] = "SITE:dam-a/logger-1"

    refused: NoSafePlanError = no_safe_plan(live)

    [problem] = [str(each) for each in refused.refusals if "Both spellings" in str(each)]
    assert "3 entities made as `site:` (holding 100 observations)" in problem, problem
    assert "1 entity made as `SITE:` (holding 100 observations), 100 observations, the same ones," in problem
    assert "100 observations in all" in problem, problem
