"""An in-sync sensor of the stack's own is planned without a further look (plan/diff.py `_children`);
one adopted by a `ref_id:` another stack gives it is not the stack's own: its no-op says that stack
owns it too, as a device's does (tests/plan/test_copies.py)."""

from __future__ import annotations

from iotplan.plan.model import Action
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, find_change, load, plan_for

PINNED_TO_GAMMA = MANIFEST.replace(
    "              - key: air\n", "              - key: air\n                ref_id: gamma:on-site/glog/air\n"
)


def test_an_in_sync_sensor_adopted_with_another_stacks_ref_id_is_said_to_stay_that_stacks() -> None:
    live = applied(load())
    find(live, "site:dam-a/logger-1/air").props["SERIAL_NO"] = "gamma:on-site/glog/air"
    plan = plan_for(load(PINNED_TO_GAMMA), live)
    air, own = find_change(plan, "dam-a/logger-1/air"), find_change(plan, "dam-a/logger-1/pz-1")
    assert air.action is Action.NOOP
    assert air.reason == "in sync; stack 'gamma' owns it too, and removes it when its manifest drops it"
    assert (own.action, own.reason) == (Action.NOOP, "in sync")
