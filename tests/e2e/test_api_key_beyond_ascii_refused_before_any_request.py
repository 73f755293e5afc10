"""`iotplan plan` with IOTPLAN_API_KEY holding a no-break space, against `iotplan sim serve` seeded with
that very key: the run stops before any request, naming IOTPLAN_API_KEY and the character, never the
key. It was sent as UTF-8 bytes, read by the server as ISO-8859-1, and answered 401 "Invalid token"."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.served import served

KEY = "sk live\u00a0A9x-CANARY"


def test_plan_with_a_no_break_space_in_the_api_key_stops_before_any_request(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = tmp_path / "key-seed.yaml"
    seed.write_text(
        yaml.safe_dump({"projects": [{"id": PROJECT, "name": "Quickstart dam"}], "api_keys": [{"key": KEY}]})
    )
    monkeypatch.setenv("IOTPLAN_API_KEY", KEY)
    with served(seed) as url:
        result = workspace.run("plan", QUICKSTART, "--endpoint", url, "--debug")
    assert result.exit_code == 1, result.output
    assert "IOTPLAN_API_KEY holds a no-break space (U+00A0)" in result.output, result.output
    assert "debug: GET" not in result.output  # no request was made
    assert "CANARY" not in result.output and "A9x" not in result.output
