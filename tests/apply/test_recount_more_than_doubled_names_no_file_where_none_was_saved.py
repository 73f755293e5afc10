"""A removal whose count more than doubled since its plan was made, found by the count an apply makes
before its writes: only a saved plan's refusal may blame a count edited down in its file; an apply
that planned itself (--auto-approve, or confirmed at its prompt) has no file to edit."""

from __future__ import annotations

from iotplan.apply.recount import taking_more_now
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Plan
from tests.apply.test_recount import dam_a
from tests.render.plans import change, in_sync, plan


def removal_of_3() -> Plan:
    """dam-a's logger-9 goes with its one sensor, which held 3 observations when reviewed."""
    return plan(
        in_sync("dam-a"),
        change(
            "dam-a/logger-9",
            Action.REMOVE,
            "not in the manifest; owned by stack dams",
            live_id="dev-9",
            collateral=(Address("dam-a/logger-9/pz-1"),),
            observations=3,
            holding=(Address("dam-a/logger-9/pz-1"),),
        ),
    )


def test_a_count_more_than_doubled_names_no_file_where_none_was_saved() -> None:
    (said,) = taking_more_now(removal_of_3(), dam_a(("pz-1", 10)), plan_again=False)["dam-a"]
    assert "more than 2 times the count its review showed (reported since the plan was made)" in said
    (saved,) = taking_more_now(removal_of_3(), dam_a(("pz-1", 10)))["dam-a"]
    assert "a count edited down in the plan file" in saved
