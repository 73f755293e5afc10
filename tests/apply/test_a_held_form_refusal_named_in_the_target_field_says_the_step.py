"""The platform's documented error shape names what it refused in `target` beside its message
(`{"error": {"code", "message", "target"}}`, docs/api-assumptions.md), and a validator may name it in
`details[].target` or as a lowercase JSON path (`location.coordinates[0]`). The client dropped `target`
and `details`, and a prop was read only in capitals, so a refusal of a LOCATION iotplan resent as another
tool stored it (text coordinates, A2) was not told as one: the step given was "run it again", refused
the same way on every run. The target is shown with the message, and the held form's step given."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from iotplan.clients.errors import error_for
from tests.apply.held_location_refused import REQUEST, WHY, refused_with

STEP = "set LOCATION of dam-a/logger-1 as the manifest declares it in the platform's web app"


def _refused_with(body: Any) -> tuple[str, str]:
    outcome = refused_with(body)
    return outcome.message, outcome.first_step or ""


TARGET = {"error": {"code": "InvalidRequest", "message": "Coordinates must be numbers", "target": "LOCATION"}}
DETAILS = {
    "error": {
        "code": "InvalidRequest",
        "message": "The request is invalid.",
        "details": [{"code": "InvalidValue", "message": "must be a number", "target": "LOCATION"}],
    }
}
LOWER = {"error": {"code": "InvalidRequest", "message": "location.coordinates[0] must be a number"}}


def test_the_target_is_shown_with_the_platforms_message() -> None:
    shown = str(error_for(httpx.Response(400, json=TARGET, request=REQUEST)))
    assert shown.endswith("answered 400: InvalidRequest: Coordinates must be numbers (target: LOCATION)"), (
        shown
    )


def test_each_detail_is_shown_with_its_target() -> None:
    shown = str(error_for(httpx.Response(400, json=DETAILS, request=REQUEST)))
    assert "The request is invalid. (InvalidValue: must be a number (target: LOCATION))" in shown, shown


def test_a_target_is_masked_and_escaped_as_the_message_is() -> None:
    body = {"error": {"message": "bad", "target": "api_key=s3cr3t-value\x1b[2J"}}
    shown = str(error_for(httpx.Response(400, json=body, request=REQUEST)))
    assert "s3cr3t" not in shown and "\x1b" not in shown and "(sensitive)" in shown, shown


@pytest.mark.parametrize("body", [TARGET, DETAILS, LOWER], ids=["target", "details", "lowercase-path"])
def test_a_refusal_naming_the_held_prop_gives_the_step_not_run_it_again(body: Any) -> None:
    message, step = _refused_with(body)
    assert WHY in message, message
    assert step.startswith(STEP), step


def test_a_lowercase_word_in_prose_is_no_prop_named() -> None:
    message, step = _refused_with({"error": {"message": "the site location is closed for maintenance"}})
    assert WHY not in message and not step, message
