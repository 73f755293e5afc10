"""A key or token given with its Authorization scheme ("Bearer eyJ...", a whole header value
pasted in) is refused before any request, naming the variable and the scheme, never the value:
it was sent as "Bearer Bearer eyJ..." and refused 401 as an invalid token."""

from __future__ import annotations

import pytest

from iotplan.clients.auth import credential_from_env
from iotplan.errors import IotplanError

CANARY = "CANARY-4e1d9f"


@pytest.mark.parametrize(
    ("name", "value", "scheme"),
    [
        ("IOTPLAN_TOKEN", f"Bearer {CANARY}", "Bearer"),
        ("IOTPLAN_TOKEN", f"bearer  {CANARY}\n", "Bearer"),
        ("IOTPLAN_API_KEY", f"ApiKey {CANARY}", "ApiKey"),
        ("IOTPLAN_API_KEY", f"Bearer {CANARY}", "Bearer"),
    ],
)
def test_a_value_with_its_scheme_is_refused_without_showing_it(name: str, value: str, scheme: str) -> None:
    with pytest.raises(IotplanError) as caught:
        credential_from_env({name: value})
    message = str(caught.value)
    assert message.startswith(f"{name} starts with {scheme!r}: give the bare value"), message
    assert CANARY not in message
