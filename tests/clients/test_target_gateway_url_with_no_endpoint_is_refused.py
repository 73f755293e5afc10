"""IOTPLAN_GATEWAY_URL=https://staging... beside a credential planned and applied on
https://iiot.bentley.com: only --on-device reads it. Where a platform run's endpoint is a default
(the default platform, or with no credential the embedded demo one), it is refused, saying the
variable a platform run reads, never its value."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


@pytest.mark.parametrize(
    ("credential", "gone"),
    [
        ({"IOTPLAN_API_KEY": "real-key-123"}, "the default platform, https://iiot.bentley.com"),
        ({}, "the embedded demo platform"),
    ],
    ids=["default-platform", "embedded"],
)
def test_the_gateway_url_with_no_endpoint_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, credential: dict[str, str], gone: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IotplanError) as raised:
        choose_target(
            TargetOptions(), {"IOTPLAN_GATEWAY_URL": "https://staging.example.invalid", **credential}
        )
    said = str(raised.value)
    assert said.startswith("IOTPLAN_GATEWAY_URL is set, but a platform run does not read it, so with no ")
    assert f"the run would go to {gone}: give the endpoint as IOTPLAN_ENDPOINT or --endpoint" in said
    assert said.endswith("or unset it (`unset IOTPLAN_GATEWAY_URL`)") and "staging" not in said
    assert not (tmp_path / ".iotplan").exists()
