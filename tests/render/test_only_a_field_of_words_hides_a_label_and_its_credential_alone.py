"""Views hide a label and its credential written without a blank (`Password:hunter2`) in a field of
words (a name, notes, url or metric's name), which holds no refId; a refId of a stack named with a
credential word (`password:n1`) still shows where a refId stands, and words show everywhere."""

from __future__ import annotations

import pytest

from iotplan.render.secrets import SENSITIVE, names_a_credential_in_words, read_back, unless_hidden


@pytest.mark.parametrize("ref_id", ["password:n1", "secret:dam-a/logger-1"])
def test_a_ref_id_of_a_stack_named_with_a_credential_word_still_shows(ref_id: str) -> None:
    assert not names_a_credential_in_words("ref_id", ref_id)
    assert unless_hidden(ref_id, field="ref_id") == ref_id


@pytest.mark.parametrize("words", ["Secret Lake", "Crest datalogger", "site:n1"])
def test_a_name_of_words_still_shows(words: str) -> None:
    assert unless_hidden(words, field="name") == words


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Password:hunter2"),
        ("notes", "Token:T1abc9"),
        ("url", "SECRET:s3cr3t/x"),
        ("metrics", [{"custom_metric": "SECRET:s3cr3t", "custom_unit": "u"}]),
        ("metrics[0].custom_unit", "Pass:B7"),
    ],
)
def test_a_field_of_words_hides_it_and_a_saved_plan_reads_it_back(field: str, value: object) -> None:
    assert unless_hidden(value, field=field) == SENSITIVE
    assert read_back(field, SENSITIVE) == value


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", {"label": "Password:hunter2"}),
        ("notes", {"label": "SECRET:s3cr3t/x"}),
        ("name", [{"label": "Token:T1abc9"}]),
    ],
)
def test_a_field_of_words_holding_no_text_still_hides_it(field: str, value: object) -> None:
    assert unless_hidden(value, field=field) == SENSITIVE
