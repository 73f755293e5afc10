"""An update resends a LOCATION another tool stored with text coordinates as the platform holds it
(A2). Where the platform refuses the call naming that prop, the outcome says why iotplan sent that
form and the step that lets it through. Which props a refusal names was read from the whole error
text, iotplan's own words included: a refusal of something else (`Name too long`) whose request
iotplan names with a capitalised word that is a prop's (a project id `SITE-LOCATION` in its URL) was
told as a refusal of the held LOCATION, with a step that lets nothing through. The platform's own
message alone names what it refused."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from iotplan.apply.execute import apply_connection
from iotplan.clients.errors import error_for
from tests.apply.test_refused import Refusing
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for

LOGGER = "site:dam-a/logger-1"
TEXT_LOCATION = {"type": "Point", "coordinates": ["174.78", "-41.27", "20"]}
RENAMED = MANIFEST.replace("name: Logger", "name: Crest")
WHY = "iotplan sent LOCATION of dam-a/logger-1 as the platform holds it"


class RefusingWith(Refusing):
    """Refuses every integrate call 400 with the platform's `message`, as the client words it."""

    def __init__(self, kept: Any, message: str) -> None:
        super().__init__(kept, 400)
        self.message = message

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        request = httpx.Request("POST", "http://platform/api/integrations/integrate?projectIds=SITE-LOCATION")
        raise error_for(httpx.Response(400, json={"error": {"message": self.message}}, request=request))


def _refused_with(message: str) -> str:
    live = applied(load())
    logger = find(live, LOGGER)
    logger.props["LOCATION"] = TEXT_LOCATION
    changes = list(plan_for(load(RENAMED), live).changes)
    held = {logger.id: dict(logger.props)}
    outcome = asyncio.run(
        apply_connection(RefusingWith(live, message), "dam-a", changes, lambda _: "x", held=held)
    )
    return outcome.message


def test_a_refusal_whose_platform_message_names_no_prop_is_not_told_as_the_held_forms() -> None:
    message = _refused_with("Name too long")
    assert "SITE-LOCATION" in message and "Name too long" in message, message  # iotplan's words name it
    assert WHY not in message, message
    assert "the platform's web app" not in message, message


def test_a_refusal_whose_platform_message_names_the_held_prop_says_why_it_was_sent_so() -> None:
    message = _refused_with("Input should be a valid number (integration.devices[0].props.LOCATION)")
    assert WHY in message, message
