"""Connections the manifest no longer declares were planned for removal in the order the platform
listed them. The platform keeps no order (docs/api-assumptions.md A5, variant unstable-list-order),
so two plans of one state read differently: text, Markdown summary and the JSON `changes` (fz103).
They are planned by address, as a removal's collateral is."""

from __future__ import annotations

import json

from iotplan.render.json_plan import plan_to_json
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load, plan_for

SITES = "".join(f"      - key: site-{n:02}\n        name: Site {n}\n" for n in (7, 4, 1, 3))


def test_removed_connections_listed_in_another_order_plan_alike() -> None:
    live = applied(load(MANIFEST + SITES))
    project = live.projects[next(iter(live.projects))]
    plans = []
    for _ in range(2):
        plan = json.loads(plan_to_json(plan_for(load(), live)))
        plan.pop("read_at", None)
        plans.append(plan)
        # the platform's next listing, in another order
        project.connections = dict(reversed(project.connections.items()))

    removed = [change["address"] for change in plans[0]["changes"] if change["action"] == "remove"]
    assert removed == ["site-01", "site-03", "site-04", "site-07"]
    assert plans[0] == plans[1], "the plans read differently"
