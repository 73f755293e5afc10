"""A removal's collateral (and which of it holds data) followed the order the platform listed the
sensors in. The platform keeps no order (docs/api-assumptions.md A5, variant unstable-list-order),
so two plans of one state read differently, and a saved plan's digest was not reproducible (fz102).
It is listed by address, as the plan's other lists are."""

from __future__ import annotations

import json

from iotplan.render.json_plan import plan_to_json
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load, plan_for

SENSORS = "".join(
    f"              - key: s{n}\n                template: TEMPERATURE_SDE\n" for n in (3, 1, 4, 2)
)
WITH_SECOND_LOGGER = MANIFEST + "          - key: logger-2\n            sensors:\n" + SENSORS


def test_collateral_listed_in_another_order_plans_alike() -> None:
    live = applied(load(WITH_SECOND_LOGGER), observations=5)
    [connection] = live.projects[next(iter(live.projects))].connections.values()
    logger = connection.devices[1]
    plans = []
    for _ in range(2):
        plan = json.loads(plan_to_json(plan_for(load(), live)))
        plan.pop("read_at", None)
        plans.append(plan)
        connection.sensors[logger.id].reverse()  # the platform's next listing, in another order

    [removal] = [change for change in plans[0]["changes"] if change["address"] == "dam-a/logger-2"]
    assert removal["collateral"] == [f"dam-a/logger-2/s{n}" for n in (1, 2, 3, 4)]
    assert plans[0] == plans[1], "the plans read differently"
