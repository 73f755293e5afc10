"""A pipeline that sets IOTPLAN_GATEWAY_URL for its --on-device jobs runs its platform jobs with the
endpoint given: there the variable changes nothing, and the run goes to that endpoint."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target


def test_the_gateway_url_beside_an_endpoint_is_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    environ = {
        "IOTPLAN_GATEWAY_URL": "http://thread-7.example.invalid",
        "IOTPLAN_ENDPOINT": "https://iiot.example.invalid",
        "IOTPLAN_API_KEY": "real-key-123",
    }
    assert choose_target(TargetOptions(), environ).url == "https://iiot.example.invalid"
