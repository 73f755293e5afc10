"""The target line (`Target: ...`, a plan's and a drift report's `target`, import's header) is built
masking a credential parameter of any URL it names: a URL checked on the way in holds none, and the
description never relies on that: a `;jsessionid=` or `;token=` value is shown `(sensitive)`."""

from __future__ import annotations

from pathlib import Path

from iotplan.clients.auth import ApiKey
from iotplan.clients.target import _Choice, _described

SESSION = "abcdefabcdef1234"


def test_a_target_description_masks_a_credential_parameter_of_its_urls() -> None:
    choice = _Choice(
        f"http://127.0.0.1:9/;jsessionid={SESSION}",
        Path("unused.db"),
        ApiKey("key-7f3"),
        rpc_url=f"ws://127.0.0.1:4201/;token={SESSION}",
    )
    described = _described(choice, insecure=False)
    assert SESSION not in described
    assert described.startswith("http://127.0.0.1:9/;jsessionid=(sensitive) (")
    assert "JSON-RPC ws://127.0.0.1:4201/;token=(sensitive)" in described
