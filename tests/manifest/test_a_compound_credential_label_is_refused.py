"""A credential after a label written as one lowercase or uppercase word ending in a credential word
(`wifipassword:`, `authtoken:`, `APIKEY:`), declared: refused at its line, never echoed. Labels were
split into words only at a capital, so `WifiPassword:` was read and `wifipassword:` was not: the
manifest passed and `plan` and drift printed the credential in clear. A word merely ending in letters
of one (`Bypass:`, `Compass:`, `Passage:`) is no label of a credential."""

from __future__ import annotations

import pytest

from iotplan.manifest import parse_manifest
from iotplan.render.secrets import hidden_in_views
from tests.manifest.declared_credentials import noted, refusal_of

LEAKS = {
    "Feed apikey: k9x8f3a7c2": "k9x8f3a7c2",
    "authtoken: abc123def": "abc123def",
    "wifipassword: Tr0ub4dor3": "Tr0ub4dor3",
    "APIKEY: k9x8": "k9x8",
    "accesstoken: abc123": "abc123",
    "mqttpassword: hunter2": "hunter2",
    "dbpasswd: hunter2": "hunter2",
}


@pytest.mark.parametrize("value", LEAKS)
def test_a_compound_credential_label_is_refused_unechoed_and_hidden_live(value: str) -> None:
    problem, shown = refusal_of(noted(value))
    assert "holds a credential" in problem.message and LEAKS[value] not in shown
    assert hidden_in_views(value)


@pytest.mark.parametrize("value", ("Bypass: closed", "Compass: 270 deg", "Passage: north 4"))
def test_a_word_merely_ending_in_a_credential_words_letters_is_no_label(value: str) -> None:
    parse_manifest(noted(value), "site.yaml")
    assert not hidden_in_views(value)
