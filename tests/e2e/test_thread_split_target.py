"""A target whose REST and JSON-RPC endpoints are two platforms (a JSON-RPC variable left over from
another session): apply reads the THREAD's node over JSON-RPC before its first write, finds it is not
the node the plan's REST read saw, and writes nothing to either platform."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml

from tests.e2e.conftest import Workspace
from tests.served import seed_with_gateway_ports, serving

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
SITE = f"""
apiVersion: iotplan/v1
stack: tunnel
projects:
  - id: {PROJECT}
    nodes:
      - key: tunnel-thread
        kind: thread
        id: /fn/6C7D8E/node
        name: Tunnel Section 3 THREAD
        devices:
          - {{key: vw-logger, type: VW_LOGGER, serial: "032433", port: 1}}
"""


def seed_named(folder: Path, name: str) -> Path:
    """The demo seed, its THREAD 6C7D8E named `name`."""
    folder.mkdir()
    path = seed_with_gateway_ports(folder)
    seed = yaml.safe_load(path.read_text())
    (gateway,) = [g for g in seed["gateways"] if g["serial"] == "6C7D8E"]
    gateway["name"] = name
    path.write_text(yaml.safe_dump(seed))
    return path


def writes_to(url: str) -> list[str]:
    asked = httpx.get(f"{url}/_sim/requests").json()["requests"]
    return [request for request in asked if request.startswith(("rpc create", "rpc update", "POST", "PUT"))]


def test_apply_writes_nothing_where_rest_and_json_rpc_are_two_platforms(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    (workspace.path / "site.yaml").write_text(SITE)
    with (
        serving(seed_named(tmp_path / "prod", "Tunnel prod THREAD")) as (prod, _),
        serving(seed_named(tmp_path / "staging", "Tunnel staging THREAD")) as (staging, staging_rpc),
    ):
        monkeypatch.setenv("IOTPLAN_RPC_ENDPOINT", f"ws://127.0.0.1:{staging_rpc}/")  # left over
        monkeypatch.setenv("IOTPLAN_ENDPOINT", prod)
        for url in (prod, staging):
            httpx.delete(f"{url}/_sim/requests").raise_for_status()
        result = workspace.run("apply", "site.yaml", "--auto-approve")
        assert result.exit_code == 1, result.output
        assert f"REST at {prod} and JSON-RPC at ws://127.0.0.1:{staging_rpc} disagree on /fn/6C7D8E/node" in (
            result.output
        )
        assert "'Tunnel prod THREAD', JSON-RPC 'Tunnel staging THREAD'" in result.output
        assert "check --rpc-endpoint / IOTPLAN_RPC_ENDPOINT" in result.output
        assert writes_to(prod) == writes_to(staging) == []
