"""Tokens told by their shape alone (a JWT, GitHub, GitLab, Slack, Stripe and AWS keys) name a
credential inside the text that holds them; the ordinary values a platform's text holds do not."""

from __future__ import annotations

import pytest

from iotplan.secrets import MASKED, text_names_a_credential, without_named_credentials


@pytest.mark.parametrize(
    "token",
    [
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJMSVZFIn0.LIVEjwt0sig",
        "eyJhbGciOiJub25lIn0.e30.",  # unsigned, empty claims
        "ghp_GHtok16charsABCDEFGHIJKLMNOPQRSTUVWX",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
        "glpat-abcdefghij0123456789",
        "xoxb-123456789012-abcdefghijkl",
        "sk_live_abcdefghijklmnop0123",
        "AKIAIOSFODNN7EXAMPLE",
    ],
)
def test_a_bare_token_names_a_credential_and_is_masked_in_a_message(token: str) -> None:
    assert text_names_a_credential(f"pasted {token} here")
    assert without_named_credentials(f"pasted {token} here") == f"pasted {MASKED} here"


@pytest.mark.parametrize(
    "text",
    [
        "032433",
        "SN-2024-000123",
        "quickstart:dam-a/logger-1/crack-1",
        "6ee68656-1f3c-4b7e-9a51-0c2d9e7f4a10",
        "0123456789abcdef0123456789abcdef",
        "°C mm/s kPa",
        "Section 3 VW Logger",
        "AKIA rack 7",
        "eyJustAName.v2.final",
        "ghp_short",
        "GENERIC_SENSOR_SDE",
    ],
)
def test_ordinary_serials_ids_units_and_names_stay_visible(text: str) -> None:
    assert not text_names_a_credential(text)
    assert without_named_credentials(text) == text
