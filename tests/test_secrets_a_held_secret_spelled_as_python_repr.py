"""A secret iotplan holds is masked as Python's repr writes it too (its inner text: letters as written,
what does not print escaped, `\\u200b`, `\\x9b`): a Python service echoing a value refused
(`f"token {value!r} is not accepted"`) spelled it neither as written nor as JSON, and it was shown."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import platform_message
from iotplan.secrets import mask_known, remember

REQUEST = httpx.Request("POST", "https://iiot.test/api/devices")


@pytest.mark.parametrize(
    "held",
    ["Kq7vPl\xfcme\u200bWr1", "Kq7\xe9\x9bZzzQ4", "Gr\xfc\xdfe\u200bPassword1234", "Tb4n\x1bwharfR7"],
)
def test_a_held_secret_written_as_repr_is_masked(held: str) -> None:
    remember(held)
    assert mask_known(f"token {held!r} is not accepted") == "token '(sensitive)' is not accepted"
    for body in (
        {"detail": f"token {held!r} is not accepted"},
        {"error": {"code": "X", "message": f"{held!r}"}},
    ):
        shown = platform_message(httpx.Response(400, json=body, request=REQUEST))
        assert "(sensitive)" in shown and repr(held)[1:-1] not in shown, ascii(shown)
        assert held[:4] + held[4:5] not in shown.replace("(sensitive)", ""), ascii(shown)
