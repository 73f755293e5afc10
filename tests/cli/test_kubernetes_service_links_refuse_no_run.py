"""`iotplan plan` in a Kubernetes pod of a namespace with a Service named iotplan exited 1: the
IOTPLAN_SERVICE_HOST, IOTPLAN_PORT_443_TCP... Kubernetes puts in every pod were refused as
misspelt iotplan variables. The run goes on, and its target line says nothing of them."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

SERVICE_LINKS = {
    "IOTPLAN_SERVICE_HOST": "10.0.0.5",
    "IOTPLAN_SERVICE_PORT": "443",
    "IOTPLAN_PORT": "tcp://10.0.0.5:443",
    "IOTPLAN_PORT_443_TCP": "tcp://10.0.0.5:443",
    "IOTPLAN_PORT_443_TCP_PROTO": "tcp",
    "IOTPLAN_PORT_443_TCP_PORT": "443",
    "IOTPLAN_PORT_443_TCP_ADDR": "10.0.0.5",
}


def test_a_plan_beside_a_service_named_iotplan_runs(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in SERVICE_LINKS.items():
        monkeypatch.setenv(name, value)
    result = workspace.run("plan", QUICKSTART)
    assert result.exit_code == 0, result.output
    assert "Target: embedded platform (.iotplan/sim.db)\n" in result.stderr
