"""A message quoting a live name, notes or metric's name (`shown_live`) showed a label and its
credential written without a blank (`Password:hunter2`, set in the web app) in clear, while views
hide it in such a field: every message quoting one by `shown_live` now shows it "(sensitive)". A
refId of that shape (stack `password`'s) is quoted by `shown_serial` and still shows."""

from __future__ import annotations

import pytest

from iotplan.live.model import LiveEntity
from iotplan.plan.catalog import _gone
from iotplan.plan.copies import _connection_name, _named_alike, named_as_live
from iotplan.plan.model import Kind
from iotplan.plan.props import shown_quoted, shown_serial
from iotplan.secrets import MASKED, shown_live

CANARIES = ("hunter2", "s3cr3t", "T1abc9")


@pytest.mark.parametrize("text", ["Password:hunter2", "SECRET:s3cr3t/x", "Token:T1abc9"])
def test_shown_live_hides_a_label_and_its_credential_alone(text: str) -> None:
    assert shown_live(text) == MASKED


@pytest.mark.parametrize("text", ["Crest datalogger", "site:n1", "Secret Lake", "Password: none"])
def test_shown_live_still_shows_words(text: str) -> None:
    shown = shown_live(text)
    assert shown == text or text == "Password: none"  # what views over-hide on purpose stays hidden


def test_a_ref_id_of_a_stack_named_with_a_credential_word_still_shows() -> None:
    assert shown_serial("password:hunter2") == "password:hunter2"


def _live(name: object) -> LiveEntity:
    return LiveEntity(
        "/api/F4/node/d/B1/device/2B/sensor", {"NAME": name, "INTEGRATION_ID": "TEMPERATURE_SDE"}
    )


@pytest.mark.parametrize("name", ["Password:hunter2", "SECRET:s3cr3t/x", "Token:T1abc9"])
def test_every_message_quoting_a_live_name_hides_it(name: str) -> None:
    messages = [
        named_as_live(_live(name)),
        _connection_name(_live(name), _NoOwnership()),  # type: ignore[arg-type]
        _named_alike(_live(name), name),
        _named_alike(_live(name), "Air temperature"),
        shown_quoted(name),
        _gone(Kind.SENSOR, ("metrics", 0, "custom_metric"), name),
    ]
    assert [message for message in messages if any(canary in message for canary in CANARIES)] == []
    assert all(MASKED in message for message in messages)


class _NoOwnership:
    def owns(self, node: LiveEntity, level: int) -> bool:
        return False


@pytest.mark.parametrize(
    "name", [{"label": "Password:hunter2"}, ["SECRET:s3cr3t/x"], {"url": "https://u:hunter2@h.example"}]
)
def test_a_live_name_that_is_no_text_is_hidden_whole_where_a_text_in_it_would_be(name: object) -> None:
    assert named_as_live(_live(name)) == f" named {MASKED!r}"


def test_a_live_name_that_is_no_text_and_holds_no_credential_shows() -> None:
    assert named_as_live(_live({"label": "Crest"})) == " named {'label': 'Crest'}"
