"""A live sensor whose refId starts with the stack's prefix in another case (`Site:` for stack
`site`): the plan and drift's text said it was "owned ... by stack 'Site'" while drift's JSON gave it
no owner, severity low, this stack's finding (fz69). Ownership is the exact prefix, and no other stack
is named by one that folds as this one's: the text says so."""

from __future__ import annotations

from iotplan.live import LiveEntity
from iotplan.plan.drift_entries import drift_entries
from iotplan.plan.model import Action
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.test_diff import load, plan_for


def test_the_plan_and_drift_say_it_is_no_other_stacks() -> None:
    live = applied(load())
    logger = find(live, "site:dam-a/logger-1")
    extra = LiveEntity(f"{logger.id}/0E0E0E/sensor", {"SERIAL_NO": "Site:dam-a/logger-1/extra"}, logger.id)
    first_connection(live).sensors[logger.id].append(extra)
    plan = plan_for(load(), live)
    [change] = [each for each in plan.changes if each.action is Action.UNMANAGED]
    assert "by stack 'Site'" not in change.reason, change.reason
    assert "its refId's prefix 'Site:' is that stack's in another case" in change.reason
    [entry] = [each for each in drift_entries(plan, "site.yaml") if each.live_id == extra.id]
    assert (entry.owner, entry.severity.value) == (None, "low")
    assert "by stack 'Site'" not in entry.reason
