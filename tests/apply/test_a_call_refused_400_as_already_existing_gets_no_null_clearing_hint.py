"""A call that clears a prop by sending null (A2) refused 400 because a refId it creates already exists
(variant `duplicate-refid-400`: the platform's 409 answered as a 400 with the same message). Before, only a
409 was told from a refusal of the call's content, so the report advised checking A2 with check-platform,
as if the platform kept the prop cleared: the refusal says what it refused, and it is not that."""

from __future__ import annotations

import asyncio
from typing import Any

from iotplan.apply.execute import apply_connection
from iotplan.errors import PlatformError
from tests.apply.test_refused import Refusing
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load, plan_for

AIR = "              - key: air\n                template: TEMPERATURE_SDE\n"
CATALOG = "metrics: [{metric: f, unit: Hz}, {metric: cum_distance, unit: mm}]"
# pz-1 read live with custom metrics, which its manifest's catalog ones clear by null; s0 is created.
LIVE = MANIFEST.replace(CATALOG, "metrics: [{custom_metric: pressure, custom_unit: kPa_g}]")
CLEARING = MANIFEST.replace("name: Piezometer", "name: PZ").replace(
    AIR, AIR + "              - key: s0\n                name: Rain\n                template: RAIN_SDE\n"
)


class RefusingAsExisting(Refusing):
    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        raise PlatformError(
            f"POST /api/integrations/integrate answered {self.status}: InvalidProcessIntegrationRequest: A "
            "sensor with refId `site:dam-a/logger-1/s0` already exists under `/api/1/device`.",
            response=self.response,
        )


def test_a_call_refused_400_as_already_existing_gets_no_null_clearing_hint() -> None:
    changes = [
        change
        for change in plan_for(load(CLEARING), applied(load(LIVE))).changes
        if change.connection == "dam-a"
    ]
    kept = applied(load(LIVE))  # nothing made: the refId s0 takes is held outside the connection read
    for status in (400, 422, 409):  # whatever the code, the message says what was refused
        outcome = asyncio.run(
            apply_connection(RefusingAsExisting(kept, status), "dam-a", changes, lambda _: "x")
        )
        assert "by sending null" not in outcome.message, (status, outcome.message)
    # Refused over its content, the call gets the hint.
    outcome = asyncio.run(apply_connection(Refusing(kept, 400), "dam-a", changes, lambda _: "x"))
    assert "by sending null" in outcome.message, outcome.message
