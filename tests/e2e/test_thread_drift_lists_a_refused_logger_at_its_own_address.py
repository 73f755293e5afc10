"""Drift lists a THREAD logger whose change is refused once, at its own address, saying it is refused;
its node, in sync, is not the entry the refusal is told with."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.thread_logger_type_edited import REFUSAL, SITE, applied_then_type_edited


def test_drift_lists_a_refused_logger_once_at_its_own_address(workspace: Workspace) -> None:
    applied_then_type_edited(workspace)
    entries = workspace.json("drift", SITE)["entries"]
    refused = [entry for entry in entries if entry["refused"]]
    assert [entry["address"] for entry in refused] == ["tunnel-thread/ipi-chain"]
    assert REFUSAL in refused[0]["reason"]
    (node,) = [entry for entry in entries if entry["address"] == "tunnel-thread"]
    assert node["status"] == "IN_SYNC"
