"""An update resends a LOCATION another tool stored with text coordinates as the platform holds it
(A2). Where the platform refuses the call naming that prop, the outcome says why iotplan sent that
form and the step that lets it through. Which props a refusal names was read from the whole error
text, iotplan's own words included: a refusal of something else (`Name too long`) whose request
iotplan names with a capitalised word that is a prop's (a project id `SITE-LOCATION` in its URL) was
told as a refusal of the held LOCATION, with a step that lets nothing through. The platform's own
message alone names what it refused."""

from __future__ import annotations

import httpx

from tests.apply.held_location_refused import WHY, refused_with

# iotplan's own words name a prop: a project id `SITE-LOCATION` in the refused request's URL.
REQUEST = httpx.Request("POST", "http://platform/api/integrations/integrate?projectIds=SITE-LOCATION")


def _refused_with(message: str) -> str:
    return refused_with({"error": {"message": message}}, REQUEST).message


def test_a_refusal_whose_platform_message_names_no_prop_is_not_told_as_the_held_forms() -> None:
    message = _refused_with("Name too long")
    assert "SITE-LOCATION" in message and "Name too long" in message, message  # iotplan's words name it
    assert WHY not in message, message
    assert "the platform's web app" not in message, message


def test_a_refusal_whose_platform_message_names_the_held_prop_says_why_it_was_sent_so() -> None:
    message = _refused_with("Input should be a valid number (integration.devices[0].props.LOCATION)")
    assert WHY in message, message
