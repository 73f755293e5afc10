"""A call refused over an entry after it cleared a metric map by sending null (A2) gets the hint that a
platform keeping such a prop refuses it on every run (its last resort: remove the entity, losing its
history). Before, any 4xx brought it: a refusal naming another cause (`no-cascade`: "still has
sensors"), and a null sent for a map the sensor never held, which clears nothing. Now neither does."""

from __future__ import annotations

import asyncio
from typing import Any

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Outcome
from iotplan.errors import PlatformError
from tests.apply.test_refused import Refusing
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load, plan_for

CATALOG = "metrics: [{metric: f, unit: Hz}, {metric: cum_distance, unit: mm}]"
# pz-1 read live with custom metrics: the manifest's catalog ones clear them by sending null.
CUSTOM = MANIFEST.replace(CATALOG, "metrics: [{custom_metric: pressure, custom_unit: kPa_g}]")
RENAMED = MANIFEST.replace("name: Piezometer", "name: PZ")  # its null maps are ones it never held
NO_CASCADE = "The device `/api/1/device` still has sensors: remove them first."
COMBINATION = "Generic sensors must define metrics and units as UNKNOWN_METRICS + UNKNOWN_UNITS."


class RefusingSaying(Refusing):
    def __init__(self, live: Any, said: str) -> None:
        super().__init__(live, 422)
        self.said = said

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        raise PlatformError(
            f"POST /api/integrations/integrate answered 422: InvalidProcessIntegrationRequest: {self.said}",
            response=self.response,
        )


def refused(live_text: str, text: str, said: str) -> Outcome:
    live = applied(load(live_text))
    changes = [change for change in plan_for(load(text), live).changes if change.connection == "dam-a"]
    return asyncio.run(apply_connection(RefusingSaying(live, said), "dam-a", changes, lambda _: "x"))


def test_the_null_clearing_hint_is_given_only_where_the_refusal_may_be_over_it() -> None:
    cleared = "The call cleared UNKNOWN_METRICS, UNKNOWN_UNITS by sending null"
    assert cleared in refused(CUSTOM, MANIFEST, "Refused.").message
    assert cleared in refused(CUSTOM, MANIFEST, COMBINATION).message  # names what was cleared
    unrelated = refused(CUSTOM, MANIFEST, NO_CASCADE)
    assert NO_CASCADE in unrelated.message
    assert "by sending null" not in unrelated.message, unrelated.message
    nothing_cleared = refused(MANIFEST, RENAMED, "Refused.")
    assert "by sending null" not in nothing_cleared.message, nothing_cleared.message
