"""`apply --format json` with nothing it could write but a gateway left unchanged (unreachable, or
another THREAD answering at its address) exits 1 and is `incomplete`, never `no_changes`: a
pipeline reading `status` must not take a failed run for one that had nothing to do."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

EDGE = "examples/edge/site.yaml"


def applied_json(workspace: Workspace) -> tuple[int, dict[str, object]]:
    result = workspace.run("apply", EDGE, "--auto-approve", "--format", "json")
    return result.exit_code, dict(json.loads(result.stdout))


def test_an_unreachable_gateway_with_nothing_else_to_write_is_incomplete(workspace: Workspace) -> None:
    assert workspace.run("apply", EDGE, "--auto-approve").exit_code == 0
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"status": "unreachable"})
    exit_code, report = applied_json(workspace)
    assert (exit_code, report["status"], report["converged"]) == (1, "incomplete", False)


def test_a_gateway_refused_for_its_identity_with_nothing_else_to_write_is_incomplete(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", EDGE, "--auto-approve").exit_code == 0
    workspace.api("POST", "/_sim/gateways/4A1B2C", json={"host": "127.0.0.1:9999"})
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"host": "127.0.0.1:8401"})  # north's address
    exit_code, report = applied_json(workspace)
    assert (exit_code, report["status"], report["converged"]) == (1, "incomplete", False)
    refused = [outcome["connection"] for outcome in report["outcomes"] if outcome["status"] == "refused"]
    assert refused == ["thread-north/edge"]


@pytest.mark.parametrize("serial", ["111111", ""])
def test_a_thread_logger_serial_edited_or_dropped_with_nothing_else_to_write_is_incomplete(
    workspace: Workspace, serial: str
) -> None:
    """iotplan writes no SERIAL_NO back: the run exits 1, its `not_verified` saying why."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": serial}})
    result = workspace.run("apply", SITE, "--auto-approve", "--format", "json")
    report = json.loads(result.stdout)
    assert (result.exit_code, report["status"]) == (1, "incomplete"), report
    assert "SERIAL_NO" in report["not_verified"]
