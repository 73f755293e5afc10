"""What a verifying plan still finds different is named where it is: gateway settings alone are the
gateway's, not "the platform" (fz66 #3, under `voltage-reads-zero` with only gateway settings)."""

from __future__ import annotations

import pytest

from iotplan.apply.outcome import Outcome, Status
from iotplan.commands.apply import ApplyResult
from iotplan.errors import ApplyError
from iotplan.plan.model import Action
from iotplan.render.apply_report import remaining_warning
from tests.plan.edgebuilder import setting_change
from tests.render.plans import change, plan

POWER = setting_change("thread-north", "port1.power", "off", "12V")


def test_only_gateway_settings_still_differing_are_the_gateways() -> None:
    after = plan(POWER)
    assert remaining_warning(after) == (
        "The gateway still differs from the manifest after apply: Plan: 0 to add, 1 to change, 0 to destroy."
    )
    with pytest.raises(ApplyError) as raised:
        ApplyResult(plan(POWER), [Outcome("thread-north/edge", Status.APPLIED)], after).raise_if_incomplete()
    assert str(raised.value).startswith("the gateway still differs from the manifest after apply (")
    south = setting_change("thread-south", "port1.power", "off", "12V")
    assert str(remaining_warning(plan(POWER, south))).startswith("The gateways still differ from")


def test_a_platform_entity_still_differing_is_the_platforms() -> None:
    after = plan(POWER, change("dam-a", Action.UPDATE, "differs"))
    assert str(remaining_warning(after)).startswith("The platform still differs")
