"""dam-a/logger-1 renamed while the platform holds its LOCATION with text coordinates another tool
stored (A2), so the update resends that LOCATION as held, and the platform refuses the call with a
given 400 error body: the outcome the apply tells."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Outcome
from iotplan.clients.errors import error_for
from tests.apply.test_refused import Refusing
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for

LOGGER = "site:dam-a/logger-1"
TEXT_LOCATION = {"type": "Point", "coordinates": ["174.78", "-41.27", "20"]}
RENAMED = MANIFEST.replace("name: Logger", "name: Crest")
WHY = "iotplan sent LOCATION of dam-a/logger-1 as the platform holds it"
REQUEST = httpx.Request("POST", "http://platform/api/integrations/integrate?projectIds=p")


class RefusingWithBody(Refusing):
    """Refuses every integrate call to `request` 400 with the error `body`, as the client words it."""

    def __init__(self, kept: Any, body: Any, request: httpx.Request) -> None:
        super().__init__(kept, 400)
        self.body, self.request = body, request

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        raise error_for(httpx.Response(400, json=self.body, request=self.request))


def refused_with(body: Any, request: httpx.Request = REQUEST) -> Outcome:
    """The outcome of the rename's apply, its integrate call refused with `body`."""
    live = applied(load())
    logger = find(live, LOGGER)
    logger.props["LOCATION"] = TEXT_LOCATION
    changes = list(plan_for(load(RENAMED), live).changes)
    held = {logger.id: dict(logger.props)}
    refusing = RefusingWithBody(live, body, request)
    return asyncio.run(apply_connection(refusing, "dam-a", changes, lambda _: "x", held=held))
