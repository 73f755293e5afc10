"""A device left under its connection's old key, at a key its `moved` entry does not read: the hint
that the connection was renamed without `moved` asked for `{from: dam-a, to: dam-b}`, the entry
already in the list. Now it says the entry is there, what the plan found and where, and what to
write. (The plan proper first takes a reading naming a live entity, plan/moved_readings.py; this is
the hint for what no reading names.)"""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for

MOVED = "moved:\n  - {from: dam-a, to: dam-b}\n  - {from: dam-a/logger-1, to: dam-b/logger-2}\n"


def test_a_parent_rename_already_in_moved_is_not_advised_again() -> None:
    live = applied(load(MANIFEST.replace("key: logger-1", "key: logger-2")))
    logger = find(live, "site:dam-a/logger-2")
    renamed = MANIFEST.replace("key: dam-a", "key: dam-b").replace("key: logger-1", "key: logger-2")

    with pytest.raises(PlanError) as refused:
        plan_for(load(renamed + MOVED), live)

    [problem] = str(refused.value).splitlines()[1:]
    assert "add `moved: [{from: dam-a, to: dam-b}]`" not in problem
    assert problem == (
        f"  dam-b/logger-2: not found by its refId 'site:dam-b/logger-2', but this stack's device "
        f"{logger.id} with the same key is where it would go, with refId 'site:dam-a/logger-2'. `moved` "
        "renames dam-a to dam-b already, but reads dam-b/logger-2 from 'site:dam-a/logger-1': as its entry, "
        "`{from: dam-a/logger-2, to: dam-b/logger-2}` (its address on the platform now) keeps it and its "
        "history; to replace it, first apply the manifest without dam-b/logger-2, which removes it"
    )
