"""A key, stack or `moved` address refused for its syntax (`Password:x`, `api_key=abc123`) is quoted
as views would show it: `(sensitive)` where it names a credential, as every other refusal of a
credential-shaped text says, never as written. A key naming none is still quoted, to be fixed."""

from __future__ import annotations

import pytest

from tests.manifest.declared_credentials import HEAD, refusal_of

NODE = "      - key: n\n"
DEVICE = NODE + "        devices:\n          - key: d\n"
# Each place a key is written, and the manifest holding `{value}` there.
PLACES = {
    "connection key": HEAD + "      - key: {value}\n",
    "device key": HEAD + NODE + "        devices:\n          - key: {value}\n",
    "sensor key": HEAD
    + DEVICE
    + "            sensors:\n              - {key: {value}, template: TEMPERATURE_SDE}\n",
    "stack": HEAD.replace("stack: site", "stack: {value}") + NODE,
    "shares_keys_with": HEAD.replace("stack: site", "stack: site\nshares_keys_with: [{value}]") + NODE,
    "moved from": HEAD + NODE + "moved:\n  - {from: {value}, to: n}\n",
    "moved to": HEAD + NODE + "moved:\n  - {from: old, to: {value}}\n",
}
SECRETS = ("'Password:x'", "'api_key=abc123'", "'dam-a/api_key=abc123'")


@pytest.mark.parametrize("value", SECRETS)
@pytest.mark.parametrize("place", PLACES)
def test_a_key_naming_a_credential_is_refused_masked(place: str, value: str) -> None:
    _, shown = refusal_of(PLACES[place].replace("{value}", value))
    assert "(sensitive)" in shown, shown
    assert "abc123" not in shown and "Password:x" not in shown, shown


@pytest.mark.parametrize("place", PLACES)
def test_a_key_naming_no_credential_is_quoted_as_written(place: str) -> None:
    _, shown = refusal_of(PLACES[place].replace("{value}", "'dam a'"))
    assert "'dam a'" in shown and "(sensitive)" not in shown, shown
