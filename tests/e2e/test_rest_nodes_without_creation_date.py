"""Where REST's connection list gives a THREAD node no CREATION_DATE (the reference shows the date only in
JSON-RPC answers: variant `rest-nodes-without-creation-date`), nothing the plan read can be held against
the node JSON-RPC answers. A JSON-RPC iotplan derives from --endpoint is the platform's own, and is
written to; one given apart is refused, the message saying the date was missing, not that the endpoint
variables are wrong."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from iotplan.clients import jsonrpc_transport
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread_split_target import LOGGER_ON_4A1B2C, site_of, writes_to
from tests.served import seed_with_gateway_ports, serving

VARIANT = ("--variant", "rest-nodes-without-creation-date")


def test_the_derived_json_rpc_is_written_to_without_a_date_to_compare(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    monkeypatch.delenv("IOTPLAN_RPC_ENDPOINT", raising=False)
    (workspace.path / "site.yaml").write_text(site_of(LOGGER_ON_4A1B2C))
    with serving(seed_with_gateway_ports(tmp_path), *VARIANT) as (url, rpc_port):
        monkeypatch.setenv("IOTPLAN_ENDPOINT", url)
        # The documented JSON-RPC port (4201) is the served emulator's here: the target derives it.
        monkeypatch.setattr(jsonrpc_transport, "JSONRPC_PORT", rpc_port)
        result = workspace.run("apply", "site.yaml", "--auto-approve")
        assert result.exit_code == 0, result.output
        assert any(write.startswith("rpc createDevice") for write in writes_to(url)), writes_to(url)


def test_a_json_rpc_given_apart_is_refused_saying_the_date_was_missing(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    (workspace.path / "site.yaml").write_text(site_of(LOGGER_ON_4A1B2C))
    with serving(seed_with_gateway_ports(tmp_path), *VARIANT) as (url, rpc_port):
        monkeypatch.setenv("IOTPLAN_ENDPOINT", url)
        monkeypatch.setenv("IOTPLAN_RPC_ENDPOINT", f"ws://127.0.0.1:{rpc_port}")
        httpx.delete(f"{url}/_sim/requests").raise_for_status()
        result = workspace.run("apply", "site.yaml", "--auto-approve")
        assert result.exit_code == 1, result.output
        assert "REST listed /fn/4A1B2C/node without a CREATION_DATE" in result.output
        assert "check --rpc-endpoint" not in result.output
        assert writes_to(url) == []
