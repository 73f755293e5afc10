"""A target whose REST and JSON-RPC endpoints are two platforms (a JSON-RPC variable left over from
another session): apply reads the THREAD's node over JSON-RPC before its first write, finds it is not
the node the plan's REST read saw (another NAME; the same default NAME, made at another moment), or
finds nothing to show it is (a node the plan creates), and writes nothing to either platform."""

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


# Two of the demo seed's THREADs as a manifest declares them with no NAME (each keeps its default,
# `THREAD <serial>`, the same on every platform), one created by the apply, the other as it is.
LOGGER_ON_4A1B2C = """
      - key: t1
        kind: thread
        id: /fn/4A1B2C/node
        devices:
          - {key: vw-a, type: VW_LOGGER, serial: "040001", port: 1}
"""
NEW_NODE = """
      - key: t9
        kind: thread
        id: /fn/0A0B0C/node
        register: true
        version: "7.17.0"
        name: New THREAD
"""
AS_IT_IS = """
      - key: t1
        kind: thread
        id: /fn/4A1B2C/node
"""


def seed_named(folder: Path, name: str | None = None) -> Path:
    """The demo seed, its THREAD 6C7D8E named `name` (None: its default)."""
    folder.mkdir()
    path = seed_with_gateway_ports(folder)
    seed = yaml.safe_load(path.read_text())
    (gateway,) = [g for g in seed["gateways"] if g["serial"] == "6C7D8E"]
    gateway["name"] = name
    path.write_text(
        yaml.safe_dump({**seed, "gateways": [{k: v for k, v in g.items() if v} for g in seed["gateways"]]})
    )
    return path


def site_of(*nodes: str) -> str:
    return f"apiVersion: iotplan/v1\nstack: tunnel\nprojects:\n  - id: {PROJECT}\n    nodes:{''.join(nodes)}"


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
        assert (
            f"the plan's read of REST at {prod} and JSON-RPC at ws://127.0.0.1:{staging_rpc} "
            "now disagree on /fn/6C7D8E/node" in (result.output)
        )
        assert "'Tunnel prod THREAD', JSON-RPC answers now 'Tunnel staging THREAD'" in result.output
        assert "check --rpc-endpoint / IOTPLAN_RPC_ENDPOINT" in result.output
        assert writes_to(prod) == writes_to(staging) == []


@pytest.mark.parametrize(
    ("nodes", "said"),
    [
        ((LOGGER_ON_4A1B2C,), "disagree on /fn/4A1B2C/node (the plan read (REST) its CREATION_DATE '"),
        (
            (AS_IT_IS, NEW_NODE),
            "disagree on /fn/0A0B0C/node (/fn/4A1B2C/node of the same project: "
            "the plan read (REST) its CREATION_DATE",
        ),
        ((NEW_NODE,), "disagree on /fn/0A0B0C/node (/fn/"),
    ],
    ids=[
        "same default name",
        "created node, another node its witness",
        "created node, an undeclared witness",
    ],
)
def test_apply_writes_nothing_where_two_platforms_name_their_nodes_alike(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, nodes: tuple[str, ...], said: str
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    (workspace.path / "site.yaml").write_text(site_of(*nodes))
    with (
        serving(seed_named(tmp_path / "prod")) as (prod, _),
        serving(seed_named(tmp_path / "staging")) as (staging, staging_rpc),
    ):
        monkeypatch.setenv("IOTPLAN_RPC_ENDPOINT", f"ws://127.0.0.1:{staging_rpc}/")  # left over
        monkeypatch.setenv("IOTPLAN_ENDPOINT", prod)
        for url in (prod, staging):
            httpx.delete(f"{url}/_sim/requests").raise_for_status()
        result = workspace.run("apply", "site.yaml", "--auto-approve")
        assert result.exit_code == 1, result.output
        assert said in result.output
        assert f"{prod} and JSON-RPC at ws://127.0.0.1:{staging_rpc}" in result.output
        assert "check --rpc-endpoint / IOTPLAN_RPC_ENDPOINT" in result.output
        assert writes_to(prod) == writes_to(staging) == []


def test_a_new_thread_node_is_created_where_an_undeclared_node_vouches_for_one_platform(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """One platform, its JSON-RPC given apart (not the one iotplan derives), a manifest declaring only
    the new node: the project's other THREAD nodes, which the plan read but no manifest declares,
    vouch for it. Refused before: nothing declared had a date to compare."""
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    (workspace.path / "site.yaml").write_text(site_of(NEW_NODE))
    with serving(seed_named(tmp_path / "prod")) as (prod, prod_rpc):
        monkeypatch.setenv("IOTPLAN_RPC_ENDPOINT", f"ws://127.0.0.1:{prod_rpc}/")
        monkeypatch.setenv("IOTPLAN_ENDPOINT", prod)
        result = workspace.run("apply", "site.yaml", "--auto-approve")
        assert result.exit_code == 0, result.output
        assert any("createNode" in request for request in writes_to(prod))


def test_a_new_thread_node_targeted_alone_is_vouched_for_by_the_declared_nodes_left_out(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every THREAD of the project declared, `--target` the new one: the fence leaves the declared
    nodes out of the plan's changes, not out of what vouches for one platform."""
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    declared = "".join(
        f"\n      - {{key: t-{serial.lower()}, kind: thread, id: /fn/{serial}/node}}"
        for serial in ("4A1B2C", "5D6E7F", "8A9B0C", "6C7D8E")
    )
    (workspace.path / "site.yaml").write_text(site_of(declared, NEW_NODE))
    with serving(seed_named(tmp_path / "prod")) as (prod, prod_rpc):
        monkeypatch.setenv("IOTPLAN_RPC_ENDPOINT", f"ws://127.0.0.1:{prod_rpc}/")
        monkeypatch.setenv("IOTPLAN_ENDPOINT", prod)
        result = workspace.run("apply", "site.yaml", "--target", "t9", "--auto-approve")
        assert result.exit_code == 0, result.output
        assert any("createNode" in request for request in writes_to(prod))
