"""A copy of a declared sensor under another declared connection, whose original was removed since: the
plan refuses to create the original again beside it, and its advice is the copy's (declare it where it
lives, or remove it), never a `moved` back, which both connections being declared rules out."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.live import LiveEntity
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for

TWO = MANIFEST + "      - key: dam-b\n        devices:\n          - key: logger-2\n"


def test_the_copy_left_by_a_removed_original_is_not_taken_for_a_fenced_rename() -> None:
    live = applied(load(TWO))
    original, logger_2 = find(live, "site:dam-a/logger-1/air"), find(live, "site:dam-b/logger-2")
    connections = next(iter(live.projects.values())).connections
    dam_a, dam_b = (
        connections[str(find(live, "site:dam-a").id)],
        connections[str(find(live, "site:dam-b").id)],
    )
    dam_b.sensors[logger_2.id] = [
        LiveEntity(f"{logger_2.id}/1E2E78/sensor", dict(original.props), logger_2.id)
    ]
    dam_a.sensors[original.parent_id or ""].remove(original)
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(TWO), live)
    message = str(refused.value)
    assert "dam-a/logger-1/air: would create sensor with refId 'site:dam-a/logger-1/air'" in message
    assert "moved" not in message and "fenced off" not in message
    assert (
        "declare it where it now is, under dam-b/logger-2, with `ref_id: site:dam-a/logger-1/air`" in message
    )
