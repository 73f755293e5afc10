"""A connection's removal refused (a 404 or 409: another writer may have removed it first) is read
back by the node's id. The read answering the node, the connection stands: the removal is not made.
Before, only device and sensor refIds were looked at, so the removal read as made whatever the read
showed, and the report said another writer had made it."""

from __future__ import annotations

import asyncio

from iotplan.apply.execute import apply_connection
from tests.apply.test_refused import Refusing
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load, plan_for

DAM_B = MANIFEST + "      - key: dam-b\n        name: Dam B\n"


def test_a_refused_connection_removal_whose_node_still_reads_is_not_made() -> None:
    plan = plan_for(load(MANIFEST), applied(load(DAM_B)))
    changes = [change for change in plan.changes if change.connection == "dam-b"]
    kept = applied(load(MANIFEST.replace("key: dam-a", "key: dam-b")))  # the connection the read shows
    for status in (404, 409):
        platform = Refusing(kept, status)
        outcome = asyncio.run(apply_connection(platform, "dam-b", changes, resolve=lambda _: "x"))
        assert platform.reads == 1, status
        assert outcome.pending == ["dam-b"] and outcome.found_made == outcome.unsure == [], outcome.message
        assert outcome.message.endswith("Read back, the connection shows 0 of the call's 1 change made."), (
            outcome.message
        )
