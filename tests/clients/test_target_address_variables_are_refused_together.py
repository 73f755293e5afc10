"""Two unread variables holding addresses (a REST and a JSON-RPC one under names of another tool's
making) are refused in one error, both named, so one `unset` clears them."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


def test_two_addresses_under_unread_names_are_refused_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    environ = {
        "IOTPLAN_API_URL": "https://staging.example.invalid",
        "IOTPLAN_RPC_URL": "wss://staging.example.invalid:4201",
        "IOTPLAN_API_KEY": "real-key-123",
    }
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), environ)
    said = str(raised.value)
    assert said.startswith(
        "IOTPLAN_API_URL and IOTPLAN_RPC_URL are set to addresses, but iotplan reads no such variables"
    )
    assert said.endswith("or unset those not meant for iotplan (`unset IOTPLAN_API_URL IOTPLAN_RPC_URL`)")
