"""IOTPLAN_BASE_URL=https://staging... beside a credential was refused as "did you mean
IOTPLAN_GATEWAY_URL?", which a platform run never reads: renamed so, the run went to
https://iiot.bentley.com. A platform run offers only a name it reads, and says where it would go."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import PLATFORM_URL, TargetOptions, choose_target
from iotplan.errors import IotplanError


@pytest.mark.parametrize("name", ["IOTPLAN_BASE_URL", "IOTPLAN_GATEWAY_ULR"])
def test_did_you_mean_names_only_what_a_platform_run_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), {name: "https://staging.example.invalid", "IOTPLAN_API_KEY": "k-1"})
    said = str(raised.value)
    assert said.startswith(f"{name} is set, but iotplan reads no such variable, so ")
    assert "IOTPLAN_GATEWAY_URL" not in said and PLATFORM_URL in said
