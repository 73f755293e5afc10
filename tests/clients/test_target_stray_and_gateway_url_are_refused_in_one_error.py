"""A variable iotplan does not read and IOTPLAN_GATEWAY_URL on a platform run with no endpoint are
refused in one error, each for its reason, with the variable the run reads for its endpoint and one
`unset` that clears both: fixing one did not just show the next."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


def test_a_stray_and_the_gateway_url_are_refused_in_one_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    environ = {
        "IOTPLAN_GATEWAY_URL": "http://thread-7.example.invalid",
        "IOTPLAN_API_URL": "https://staging.example.invalid",
        "IOTPLAN_API_KEY": "real-key-123",
    }
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), environ)
    assert str(raised.value) == (
        "IOTPLAN_API_URL is set, but iotplan reads no such variable, and IOTPLAN_GATEWAY_URL is set, but a "
        "platform run does not read it, so with no endpoint given the run would go to the default platform, "
        "https://iiot.bentley.com: give the endpoint as IOTPLAN_ENDPOINT or --endpoint "
        "(https://iiot.bentley.com itself if it is meant); rename the others, or unset those not meant for "
        "iotplan, or name them without the IOTPLAN_ prefix (`unset IOTPLAN_API_URL IOTPLAN_GATEWAY_URL`)"
    )
