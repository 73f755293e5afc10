"""A THREAD sensor's channel changed on a platform whose REST answers carry no LAST_OBSERVATION and
whose counts follow uploads late (variants `rest-without-last-observation`, `observation-count-lags`):
REST lists it at 0, a count it cannot tell from a lagging one, and gives its THREAD connection no
count to hold it against. The plan counts it as the apply's unit does, through JSON-RPC, whose object
shows the LAST_OBSERVATION beside that 0: an unknown number, so --allow-data-model-change is asked
for, and the apply given it goes through (it was refused on every run, the plan having shown none)."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.errors import TransportError
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc
from tests.e2e.test_thread_data_model_change_counted_again import record

SENT = JsonRpcClient.call
PZ1 = f"{VW_LOGGER}/pz-1/sensor"


def jsonrpc_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    called: list[str] = []

    async def call(self: JsonRpcClient, method: str, params: Any = None, **kwargs: Any) -> Any:
        called.append(method)
        return await SENT(self, method, params, **kwargs)

    monkeypatch.setattr(JsonRpcClient, "call", call)
    return called


def applied(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "observation-count-lags,rest-without-last-observation")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0


def move_to_channel_5(workspace: Workspace) -> None:
    workspace.edit(SITE, "type: VW_PIEZOMETER, mux_index: 1}", "type: VW_PIEZOMETER, mux_index: 5}")


def planned_count(workspace: Workspace) -> tuple[int | None, bool]:
    (change,) = [c for c in workspace.json("plan", SITE)["changes"] if c["action"] == "update"]
    assert change["address"] == "tunnel-thread/vw-logger/pz-1"
    return change["observations"], change["observations_unknown"]


def mux_index(workspace: Workspace) -> int:
    (sensor,) = rpc(workspace, "getSensors", {"sensors": [PZ1]})
    return int(sensor["props"]["MUX_INDEX"])


def test_a_thread_sensors_channel_change_is_counted_through_jsonrpc(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied(workspace, monkeypatch)
    record(workspace, PZ1, 50)
    called = jsonrpc_calls(monkeypatch)
    assert workspace.run("plan", SITE, "--detailed-exitcode").exit_code == 0
    assert called == []  # no data-model change: no count asked for
    move_to_channel_5(workspace)
    assert planned_count(workspace) == (None, True)  # 0 beside a LAST_OBSERVATION: unknown
    assert called == ["getDevices", "getSensors"]  # two requests for the project
    planned = workspace.run("plan", SITE)
    assert "an unknown number of observations" in planned.output, planned.output
    refused = workspace.run("apply", SITE, "--auto-approve")
    assert refused.exit_code == 1 and "--allow-data-model-change" in refused.output, refused.output
    assert mux_index(workspace) == 1
    allowed = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change")
    assert allowed.exit_code == 0, allowed.output
    assert mux_index(workspace) == 5


def test_a_thread_sensor_that_never_reported_is_counted_at_0(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied(workspace, monkeypatch)
    move_to_channel_5(workspace)
    assert planned_count(workspace) == (0, False)
    done = workspace.run("apply", SITE, "--auto-approve")
    assert done.exit_code == 0, done.output
    assert mux_index(workspace) == 5


def test_a_thread_sensors_count_jsonrpc_cannot_give_is_unknown(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied(workspace, monkeypatch)
    move_to_channel_5(workspace)

    async def unanswered(self: JsonRpcClient, method: str, params: Any = None, **kwargs: Any) -> Any:
        raise TransportError("connection refused")

    monkeypatch.setattr(JsonRpcClient, "call", unanswered)
    assert planned_count(workspace) == (None, True)
