"""Variables iotplan does not read are refused in one error, each named, a misspelt one with the name
meant, so that one `unset` clears them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


def test_unread_variables_are_refused_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    environ = {
        "IOTPLAN_API_URL": "https://staging.example.invalid",
        "IOTPLAN_RPC_ENDPONT": "wss://staging.example.invalid:4201",
        "IOTPLAN_VERSION": "1.4.2",
        "IOTPLAN_API_KEY": "real-key-123",
    }
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), environ)
    said = str(raised.value)
    assert said.startswith(
        "IOTPLAN_API_URL, IOTPLAN_RPC_ENDPONT (did you mean IOTPLAN_RPC_ENDPOINT?) and IOTPLAN_VERSION are "
        "set, but iotplan reads no such variables, so "
    )
    assert said.endswith(
        "rename them, or unset those not meant for iotplan, or name them without the IOTPLAN_ prefix "
        "(`unset IOTPLAN_API_URL IOTPLAN_RPC_ENDPONT IOTPLAN_VERSION`)"
    )
