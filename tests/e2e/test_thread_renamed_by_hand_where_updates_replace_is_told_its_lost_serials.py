"""A THREAD renamed by hand where JSON-RPC `update*` replaces props (variant `rpc-update-replaces`),
as the web app renames, NAME alone: the node, a logger and a sensor lose their SERIAL_NO. iotplan
writes no SERIAL_NO (an update resends it only as it stands), so the plan and drift say each
is gone and how to restore it, and apply never says "Verified" while it is (before: drift "No
drift", apply "Verified", exit 0, the serials still gone)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import NODE, SITE, VW_LOGGER, rpc

PZ_1 = f"{VW_LOGGER}/pz-1/sensor"


def _renamed_by_hand(workspace: Workspace) -> None:
    rpc(workspace, "updateNode", {"node": NODE, "props": {"NAME": "node renamed by hand"}})
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"NAME": "logger renamed by hand"}})
    rpc(workspace, "updateSensor", {"sensor": PZ_1, "props": {"NAME": "pz renamed by hand"}})


def _set_serial_back(workspace: Workspace, kind: str, entity_id: str, serial: str) -> None:
    """As the web app would, on a platform whose update replaces props: all it holds, and the serial."""
    method = kind.capitalize()
    (read,) = rpc(workspace, f"get{method}s", {f"{kind}s": [entity_id]})
    props = {name: value for name, value in read["props"].items() if name not in ("ACCESSIBLE", "LAST_COMM")}
    rpc(workspace, f"update{method}", {kind: entity_id, "props": {**props, "SERIAL_NO": serial}})


@pytest.fixture
def renamed(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    _renamed_by_hand(workspace)
    return workspace


def test_drift_reports_each_serial_no_a_hand_rename_dropped(renamed: Workspace) -> None:
    drift = renamed.run("drift", SITE)
    assert drift.exit_code == 2, drift.output
    assert "No drift" not in drift.output
    for address, serial in (
        ("tunnel-thread", "6C7D8E"),
        ("tunnel-thread/vw-logger", "032433"),
        ("tunnel-thread/vw-logger/pz-1", "032433"),
    ):
        assert f"{address}: " in drift.stdout and "holds no SERIAL_NO on the platform" in drift.stdout
        assert f"SERIAL_NO to '{serial}' (" in drift.stdout


def test_apply_renaming_back_is_not_verified_while_the_serials_are_gone(renamed: Workspace) -> None:
    applied = renamed.run("apply", SITE, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert "Verified: a fresh read shows no changes" not in applied.stdout
    assert "Not verified:" in applied.stdout and "holds no SERIAL_NO" in applied.stdout
    assert "iotplan writes no SERIAL_NO (" in applied.stderr, applied.stderr
    (logger,) = rpc(renamed, "getDevices", {"devices": [VW_LOGGER]})
    assert logger["props"]["NAME"] == "Section 3 VW Logger"  # the rename back is made all the same


def test_the_serials_set_back_as_told_leave_no_drift(renamed: Workspace) -> None:
    assert renamed.run("apply", SITE, "--auto-approve").exit_code == 1
    for kind, entity_id, serial in (
        ("node", NODE, "6C7D8E"),
        ("device", VW_LOGGER, "032433"),
        ("sensor", PZ_1, "032433"),
    ):
        _set_serial_back(renamed, kind, entity_id, serial)
    drift = renamed.run("drift", SITE)
    assert drift.exit_code == 0, drift.output
