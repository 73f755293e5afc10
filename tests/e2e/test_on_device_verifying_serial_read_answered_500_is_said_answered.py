"""An on-device apply whose verifying plan's serial read is answered with a server error said "no THREAD
answers at ... (GET /api/serialNumber answered 500 ...)": the gateway answered (fz84 #3). It is now
said to have answered with an error."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from iotplan.apply import edge
from iotplan.clients.edge import EdgeClient
from iotplan.errors import PlatformError
from tests.e2e.conftest import Workspace

EDGE = "examples/edge/site.yaml"


def answering_500_after_the_push(monkeypatch: pytest.MonkeyPatch) -> None:
    pushed = edge.apply_gateway

    async def answering_500(self: EdgeClient) -> str:
        request = httpx.Request("GET", "http://localhost/api/serialNumber")
        response = httpx.Response(500, request=request)
        raise PlatformError(
            "GET /api/serialNumber answered 500: Internal error", request=request, response=response
        )

    async def then_500(*args: Any, **kwargs: Any) -> Any:
        outcome = await pushed(*args, **kwargs)
        monkeypatch.setattr(EdgeClient, "serial_number", answering_500)
        return outcome

    monkeypatch.setattr(edge, "apply_gateway", then_500)


def test_on_device_verifying_serial_read_answered_500_is_said_answered(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.api("POST", "/_sim/gateways/5D6E7F", json={"host": "localhost"})
    answering_500_after_the_push(monkeypatch)
    result = workspace.run("apply", EDGE, "--on-device", "--sim-db", ".iotplan/sim.db", "--auto-approve")
    assert result.exit_code == 1, result.output
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert "no THREAD answers" not in line
    assert (
        "the verifying plan failed: http://localhost answered with an error, not a serial (GET "
        "/api/serialNumber answered 500: Internal error), so that plan read nothing"
    ) in line
