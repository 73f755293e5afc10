"""A declared connection, live where the manifest declares it, copied into the stack's other project
(same refId): a copy of it, reported as every copy is (DUPLICATE, critical, naming the declared
one), never removed on its own, and not a connection moved between projects: declaring the key
under the copy's project would orphan the real one, with its history."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_connection_moved_between_projects import (
    DAM,
    SEED,
    TUNNEL,
    connections,
    manifest,
    node,
)


@pytest.fixture
def copied(workspace: Workspace) -> Workspace:
    """`dam` in its project, and a copy of it (with 40 observations of its own) in the tunnel's."""
    seed: dict[str, Any] = copy.deepcopy(SEED)
    dam = copy.deepcopy(seed["networks"][0]["connections"][0])
    dam["devices"][0]["sensors"][0]["observations"] = 40
    seed["networks"][1]["connections"].append(dam)
    assert workspace.run("plan", "--help").exit_code == 0  # any run makes the embedded platform
    workspace.api("POST", "/_sim/seed", json=seed)
    (workspace.path / "mon.yaml").write_text(manifest(node("dam"), node("tun")))
    return workspace


def test_drift_reports_the_copy_as_a_duplicate_of_the_declared_connection(copied: Workspace) -> None:
    drift = copied.run("drift", "mon.yaml", "--no-color")
    assert drift.exit_code == 2, drift.output
    assert "cannot move between projects" not in drift.output and "Keep it under" not in drift.output
    entries = copied.json("drift", "mon.yaml")["entries"]
    (declared,) = [e for e in entries if e["address"] == "dam" and e["project_id"] == DAM]
    assert declared["status"] == "IN_SYNC"
    (duplicate,) = [e for e in entries if e["project_id"] == TUNNEL and e["status"] != "IN_SYNC"]
    assert duplicate["status"] == "DUPLICATE" and duplicate["severity"] == "critical"
    assert duplicate["address"].startswith("dam#") and not duplicate["refused"]
    assert (
        f"a copy of dam (refId 'mon:dam', holding 40 observations) in project {TUNNEL}"
        in (duplicate["reason"])
    )
    assert f"declares dam in project {DAM}, where it is live as {declared['live_id']}" in duplicate["reason"]


def test_apply_keeps_the_copy_and_its_history(copied: Workspace) -> None:
    applied = copied.run("apply", "mon.yaml", "--auto-approve", "--allow-destroy")
    assert applied.exit_code == 0, applied.output
    assert "mon:dam" in [n["props"]["SERIAL_NO"] for n in connections(copied, TUNNEL)]
    assert [n["props"]["SERIAL_NO"] for n in connections(copied, DAM)] == ["mon:dam"]
