"""A JSON-RPC endpoint that serves a copy of the platform (a staging copy, a restored backup: the
same ids, fewer observations), reached through a variable left over from another session, while
REST gives no counts on devices and sensors (as documented): the counts it gives fall short of the
connection's REST count, so they are not taken, and a removal of sensors with history is refused
without --allow-destroy, the warning naming both endpoints."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.served import seed_with_gateway_ports, serving

NO_COUNTS = ("--variant", "no-observation-counts")
WEATHER = "              - key: battery\n                name: Battery\n"


def copied(source: Path, copy: Path) -> Path:
    """A backup of the platform's store, without its THREAD gateways: served beside the platform,
    they would listen on the ports the platform's do."""
    with sqlite3.connect(source) as live, sqlite3.connect(copy) as backup:
        live.backup(backup)
        backup.execute("DELETE FROM gateways")
    return copy


def sensor_ids(url: str) -> list[str]:
    listed = httpx.get(f"{url}/api/sensors/all", headers={"Authorization": "ApiKey demo-key"})
    return [sensor["id"] for sensor in listed.raise_for_status().json()]


def test_counts_from_a_copy_of_the_platform_are_not_taken_for_a_removal(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    prod_db, seed = tmp_path / "prod.db", seed_with_gateway_ports(tmp_path)
    with serving(seed, "--db", str(prod_db), *NO_COUNTS) as (prod, prod_rpc):
        monkeypatch.setenv("IOTPLAN_ENDPOINT", prod)
        monkeypatch.setenv("IOTPLAN_RPC_ENDPOINT", f"ws://127.0.0.1:{prod_rpc}/")
        assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
        staging_db = copied(prod_db, tmp_path / "staging.db")  # before any observation arrived
        for sensor_id in sensor_ids(prod):
            body = {"sensor_id": sensor_id, "count": 100}
            httpx.post(f"{prod}/_sim/observations", json=body).raise_for_status()
        with serving(None, "--db", str(staging_db), *NO_COUNTS) as (_, staging_rpc):
            monkeypatch.setenv("IOTPLAN_RPC_ENDPOINT", f"ws://127.0.0.1:{staging_rpc}/")  # left over
            workspace.edit(QUICKSTART, WEATHER, "")
            workspace.edit(QUICKSTART, "                template: BATTERY_CHARGE_SDE\n", "")
            refused = workspace.run("apply", QUICKSTART, "--auto-approve")
        assert refused.exit_code == 1, refused.output
        assert "--allow-destroy" in refused.output
        assert "battery: an unknown number of observations" in refused.output
        (warned,) = [message for message in caplog.messages if "two platforms" in message]
        assert (
            f"REST at {prod} counts more observations than JSON-RPC at ws://127.0.0.1:{staging_rpc}" in warned
        )
        assert len(sensor_ids(prod)) == 5  # the battery sensor and its 100 observations are still there
