"""A connection's read (POST /api/integrations/{nodeId}) that does not hold a device the project's
device list puts under that connection: the two answers disagree, and the plan says so, naming both.
Read as held elsewhere, the device's sensors were copies "in connection ?" (to declare "in a node
with `id: ?`"), and drift called the device MISSING where the list places it."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.sim.backend import SimBackend
from tests.e2e.conftest import QUICKSTART, Workspace


@pytest.fixture
def read_without_weather(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    read = SimBackend.integration_of

    def without_its_last_device(self: SimBackend, *args: Any, **kwargs: Any) -> dict[str, Any]:
        answer = read(self, *args, **kwargs)
        answer["integration"]["devices"] = answer["integration"]["devices"][:-1]
        return answer

    monkeypatch.setattr(SimBackend, "integration_of", without_its_last_device)
    return workspace


def test_plan_says_the_read_and_the_lists_disagree_naming_the_device(read_without_weather: Workspace) -> None:
    weather = read_without_weather.live_entity("quickstart:dam-a/weather")
    for command in ("plan", "drift"):
        result = read_without_weather.run(command, QUICKSTART)
        assert result.exit_code == 1, result.output
        assert "the connection's read and the project's lists disagree about connection" in result.output
        assert weather["id"] in result.output
        assert "connection ?" not in result.output and "MISSING" not in result.output
