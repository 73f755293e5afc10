"""A credential's label spelled with JSON's `\\uXXXX` escapes (a body cut short, or text/plain:
System.Text.Json writes `"<>&'` so by default) is read decoded, as an HTML- or percent-escaped one
is, and its value masked where it is spelled."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import error_for, redact


@pytest.mark.parametrize(
    "said",
    [
        "{\\u0022password\\u0022:\\u0022hunter2\\u0022}",
        "\\u003Cpassword\\u003Ehunter2\\u003C/password\\u003E",
        "password\\u003A hunter2",
        "rejected {\\u0022pin\\u0022:\\u00224421\\u0022, \\u0022user\\u0022:\\u0022bob\\u0022}",
    ],
)
def test_a_json_escaped_credential_is_masked(said: str) -> None:
    shown = redact(said)
    assert "(sensitive)" in shown and "hunter2" not in shown and "4421" not in shown, shown


def test_what_the_escapes_spell_around_it_is_kept_as_written() -> None:
    shown = redact(
        "rejected {\\u0022password\\u0022:\\u0022hunter2\\u0022,\\u0022user\\u0022:\\u0022bob\\u0022}"
    )
    assert shown.startswith("rejected {\\u0022password\\u0022:\\u0022") and "bob" in shown, shown


def test_a_body_cut_short_prints_no_credential() -> None:
    body = '{"error":{"code":"Internal","message":"rejected {\\u0022password\\u0022:\\u0022hunter2\\u0022,'
    request = httpx.Request("POST", "https://iiot.test/api/integrations/integrate")
    response = httpx.Response(500, request=request, text=body, headers={"content-type": "application/json"})
    assert "hunter2" not in str(error_for(response, write=True))
