"""A first cut let through, by their name alone, every variable shaped like a Kubernetes service
link's or a Docker link's: IOTPLAN_SERVER_NAME=https://staging... beside a credential went to
https://iiot.bentley.com, nothing said. A link is recognised by its name and the value Kubernetes
or Docker always gives it; a name of that shape holding anything else is refused as any variable
iotplan does not read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("IOTPLAN_SERVER_NAME", "https://staging.example.invalid"),  # Docker's holds /<container>/<alias>
        ("IOTPLAN_HOST_NAME", "staging.example.invalid"),
        ("IOTPLAN_SERVICE_HOST", "staging.example.invalid"),  # Kubernetes' holds a cluster IP
        ("IOTPLAN_SERVICE_PORT", "https://staging.example.invalid"),  # a port number
        ("IOTPLAN_API_PORT", "https://staging.example.invalid"),  # tcp://IP:port
        ("IOTPLAN_PORT_443_TCP", "tcp://staging.example.invalid:443"),  # an IP, never a host name
        ("IOTPLAN_PORT_443_TCP_PROTO", "https"),
        ("IOTPLAN_ENV_ENDPOINT", "https://staging.example.invalid"),  # only beside IOTPLAN_NAME=/a/b
    ],
)
def test_a_link_shaped_name_holding_another_value_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), {name: value, "IOTPLAN_API_KEY": "real-key-123"})
    said = str(raised.value)  # IOTPLAN_ENV_ENDPOINT with its "did you mean IOTPLAN_ENDPOINT?"
    assert re.match(
        rf"{name}( \(did you mean \w+\?\))? is set, but iotplan reads no such variable, so ", said
    )
    assert "staging" not in said
