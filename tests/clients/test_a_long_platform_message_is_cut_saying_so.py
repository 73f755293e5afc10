"""An error's JSON `message` (or `errors` list) was carried whole, however long: a gateway answering a
message of 70,000 characters gave a reason of 70,000 characters to every view of the plan, and the
Markdown comment went past GitHub's limit. It is cut, saying how long it was."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import platform_message

LONG = "x" * 70_000


@pytest.mark.parametrize(
    "body",
    [{"error": {"message": LONG}}, {"errors": [{"message": LONG}]}],
    ids=["message", "errors"],
)
def test_a_long_message_is_cut_and_says_its_length(body: dict[str, object]) -> None:
    said = platform_message(httpx.Response(503, json=body))
    assert len(said) < len(LONG) // 10 and f"{len(LONG):,}" in said, said[-200:]
