"""The data-loss guard of API connections on a platform whose REST answers carry no observation
counts on devices and sensors (the documented REST answer has none): the counts come from the
JSON-RPC entity objects; when that read fails they stay unknown, treated as holding data."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from iotplan.cli import plan_commands
from iotplan.clients import jsonrpc
from iotplan.clients.retry import RetryPolicy
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.served import free_port, seed_with_gateway_ports, served

BATTERY = "              - key: battery\n                name: Battery\n"


@pytest.fixture
def counts_hidden(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "no-observation-counts")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, BATTERY, "")
    workspace.edit(QUICKSTART, "                template: BATTERY_CHARGE_SDE\n", "")
    return workspace


def removal(workspace: Workspace) -> dict[str, object]:
    plan = workspace.json("plan", QUICKSTART)
    (removed,) = [c for c in plan["changes"] if c["action"] == "remove"]
    return dict(removed)


def test_a_sensor_without_history_is_counted_through_json_rpc_and_removed(counts_hidden: Workspace) -> None:
    removed = removal(counts_hidden)
    assert removed["observations"] == 0 and removed["observations_unknown"] is False
    applied = counts_hidden.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output


def test_a_sensor_with_history_counted_through_json_rpc_needs_allow_destroy(counts_hidden: Workspace) -> None:
    sensor = next(s for s in counts_hidden.api("GET", "/api/sensors/all") if s["props"]["NAME"] == "Battery")
    counts_hidden.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 3})
    assert removal(counts_hidden)["observations"] == 3
    refused = counts_hidden.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1 and "--allow-destroy" in refused.output


def test_data_arriving_while_the_prompt_is_open_stops_an_interactive_removal(
    counts_hidden: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reviewer answers `yes` minutes later; the battery sensor reported meanwhile. Its count,
    0 when shown, is read through JSON-RPC again once confirmed."""
    workspace = counts_hidden
    sensor = next(s for s in workspace.api("GET", "/api/sensors/all") if s["props"]["NAME"] == "Battery")

    def yes_minutes_later(auto_approve: bool) -> None:
        # The apply's loop waits on the prompt: the sensor reports from another thread.
        body = {"sensor_id": sensor["id"], "count": 40}
        arriving = threading.Thread(
            target=workspace.api, args=("POST", "/_sim/observations"), kwargs={"json": body}
        )
        arriving.start()
        arriving.join()

    monkeypatch.setattr(plan_commands, "_confirm", yes_minutes_later)
    refused = workspace.run("apply", QUICKSTART, "--allow-destroy")
    assert refused.exit_code == 1
    assert "it would destroy 40 observations, none when reviewed. Nothing was written" in refused.output
    assert workspace.live_entity(sensor["props"]["SERIAL_NO"])["id"] == sensor["id"]


@contextmanager
def applied_where_rest_counts_nothing(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The quickstart applied to a served platform whose REST answers carry no counts (JSON-RPC
    does): its URL, and the options that target it."""
    rpc_port = free_port()
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    flags = ("--variant", "no-observation-counts", "--rpc-port", str(rpc_port))
    with served(seed_with_gateway_ports(workspace.path), *flags) as url:
        target = ("--endpoint", url, "--rpc-endpoint", f"ws://127.0.0.1:{rpc_port}/")
        assert workspace.run("apply", QUICKSTART, "--auto-approve", *target).exit_code == 0
        yield url, target


def test_counts_stay_unknown_when_the_json_rpc_read_fails(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Backoff in milliseconds: the failing reads are sent again as in production, only faster.
    monkeypatch.setattr(jsonrpc, "RetryPolicy", functools.partial(RetryPolicy, backoff=0.001))
    with applied_where_rest_counts_nothing(workspace, monkeypatch) as (url, target):
        workspace.edit(QUICKSTART, BATTERY, "")
        workspace.edit(QUICKSTART, "                template: BATTERY_CHARGE_SDE\n", "")
        httpx.post(
            f"{url}/_sim/faults", json={"fail_rate": 1.0, "routes": "/jsonrpc/get*"}
        ).raise_for_status()
        httpx.delete(f"{url}/_sim/requests").raise_for_status()
        plan = workspace.json("plan", QUICKSTART, *target)
        asked = httpx.get(f"{url}/_sim/requests").json()["requests"]
        # Each failing read is sent again until the attempts run out (the first to give up ends the other).
        assert max(asked["rpc getDevices"], asked["rpc getSensors"]) == RetryPolicy().attempts
        (removed,) = [c for c in plan["changes"] if c["action"] == "remove"]
        assert removed["observations_unknown"] is True
        refused = workspace.run("apply", QUICKSTART, "--auto-approve", *target)
        assert refused.exit_code == 1 and "--allow-destroy" in refused.output


def test_a_target_that_matches_nothing_is_refused_without_asking_for_counts(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts cannot make a typo match: asking for them cost a JSON-RPC read of every device and
    sensor of the project (a million ids in a large fleet) before the one-line error."""
    with applied_where_rest_counts_nothing(workspace, monkeypatch) as (url, target):
        httpx.delete(f"{url}/_sim/requests").raise_for_status()
        typo = workspace.run("plan", QUICKSTART, "--target", "dam-z*", *target)
        assert typo.exit_code == 1 and "--target 'dam-z*' matches no address" in typo.output
        asked = httpx.get(f"{url}/_sim/requests").json()["requests"]
        assert "GET /api/sensors/all" in asked or "POST /api/integrations/{nodeId}" in asked  # it read
        assert not [request for request in asked if request.startswith("rpc ")]
