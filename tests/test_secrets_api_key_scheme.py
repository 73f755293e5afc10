"""The platform's own HTTP credential scheme, `ApiKey ...` (its reference: `Authorization: ApiKey
<apikey>`), is a credential in a text as `Basic ...` and `Bearer ...` are (review fz7, finding 1)."""

from __future__ import annotations

import pytest

from iotplan.secrets import holds_a_credential


@pytest.mark.parametrize("text", ["ApiKey 3f9c1b7a", "sent with apikey 3f9c1b7a", "APIKEY\t3f9c1b7a"])
def test_an_api_key_credential_in_a_text_is_one(text: str) -> None:
    assert holds_a_credential(text)
