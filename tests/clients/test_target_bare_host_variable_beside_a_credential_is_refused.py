"""An address need not be a URL: `IOTPLAN_HOST=staging.example.invalid:8443` beside a credential,
with no endpoint, sent the run to https://iiot.bentley.com. A bare host, with or without a port, an
IP address or localhost, is refused as a URL is, its value never said."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


@pytest.mark.parametrize(
    "host",
    [
        "staging.example.invalid",
        "staging.example.invalid:8443",
        "10.20.0.7",
        "localhost:8080",
        "staging:8443",
    ],
)
def test_a_bare_host_under_an_unread_name_beside_a_credential_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), {"IOTPLAN_HOST": host, "IOTPLAN_API_KEY": "real-key-123"})
    said = str(raised.value)
    assert said.startswith("IOTPLAN_HOST is set to an address, but iotplan reads no such variable, so ")
    assert "https://iiot.bentley.com:" in said and host not in said
