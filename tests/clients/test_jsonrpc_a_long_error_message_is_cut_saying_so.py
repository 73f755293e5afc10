"""The JSON-RPC API (where THREAD devices and sensors are written) answers errors in JSON too; its
`message` was carried whole, not cut as a REST one is: a message of 70,000 characters was the whole
error, every view of it, and a pull-request comment over GitHub's limit. It is cut, saying so."""

from __future__ import annotations

import pytest

from iotplan.errors import PlatformError
from tests.clients.test_jsonrpc import FakePlatform, error_answer, run

LONG = "x" * 70_000


def test_a_long_jsonrpc_error_message_is_cut_and_says_its_length() -> None:
    platform = FakePlatform(createNode=error_answer({"code": -32602, "message": LONG}))
    with pytest.raises(PlatformError) as raised:
        run(platform, lambda client: client.create_node("/fn/02DDXX/node", "THREAD", {"VERSION": "v4_6"}))
    said = str(raised.value)
    assert len(said) < len(LONG) // 10 and f"{len('-32602: ' + LONG):,}" in said, said[-200:]
