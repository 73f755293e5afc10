"""A web-app copy of a declared sensor, its refId in another case, under a device the stack does not
own, the declared one live where the manifest puts it: the plan's `*` line said "remove it in the
platform's web app" without saying that the removal destroys the copy's observations. It says how
many, after the step that keeps them."""

from __future__ import annotations

from iotplan.plan.model import Action
from tests.plan.copy_under_a_hand_device import pz_1_copied_by_hand
from tests.plan.livebuilder import applied
from tests.plan.test_diff import load, plan_for


def test_the_removal_advised_names_the_observations_it_destroys() -> None:
    live = applied(load())
    copy = pz_1_copied_by_hand(live, "x", OBSERVATION_COUNT=42)
    plan = plan_for(load(), live)
    [told] = [change for change in plan.changes if change.live_id == copy.id]
    assert told.action is Action.DUPLICATE
    kept, _, removed = told.reason.partition("remove it there")
    assert "give it a SERIAL_NO that does not start with 'site:' in the platform's web app" in kept, (
        told.reason
    )
    assert removed.startswith(", destroying 42 observations"), told.reason
