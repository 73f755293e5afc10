"""Where the REST lists lag JSON-RPC writes (`lists-lag-rpc-writes`), a sensor another writer made by
hand through JSON-RPC at the id the manifest's tilt5 takes, another type, name and channel, is not
in the lists drift reads yet. JSON-RPC's answer shows how it differs from the manifest, which `plan`
refuses once listed (a type cannot change): drift compares what JSON-RPC holds and reports it
MODIFIED, drift found (exit 2), never PENDING "No drift" (exit 0). PENDING stays for one that holds
what is declared, carrying no count (none was read: `observations` null)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, NODE, SITE, rpc

TILT5 = "tunnel-thread/ipi-chain/tilt5"
TILT4_LINE = "{key: tilt4, name: IPI Tilt 4 (-8 m), type: TILT_BIAXIAL_DGSI, mux_index: 4}"
TILT5_LINE = "{key: tilt5, name: IPI Tilt 5 (-10 m), type: TILT_BIAXIAL_DGSI, mux_index: 5}"


def made_by_hand(workspace: Workspace, type: str, name: str, channel: int) -> None:
    """tilt5's sensor made through JSON-RPC behind iotplan's back, last: the lists do not show it."""
    props = {"NAME": name, "MUX_INDEX": channel, "NODE_ID": NODE}
    sensor = {"sensor": f"{IPI_LOGGER}/tilt5/sensor", "type": type, "observationType": type, "props": props}
    rpc(workspace, "createSensor", sensor)
    workspace.edit(SITE, TILT4_LINE, f"{TILT4_LINE}\n              - {TILT5_LINE}")


def tilt5(workspace: Workspace) -> dict[str, Any]:
    [entry] = [each for each in workspace.json("drift", SITE)["entries"] if each["address"] == TILT5]
    return entry


def test_a_sensor_json_rpc_holds_of_another_type_name_and_channel_is_drift(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")
    made_by_hand(workspace, "VW_PIEZOMETER", "crew piezo", 9)

    drift = workspace.run("drift", SITE)

    said = " ".join(drift.output.split())
    assert drift.exit_code == 2, said
    assert "PENDING" not in said and "No drift" not in said, said
    assert f"MODIFIED sensor {TILT5}:" in said, said
    assert "a VW_PIEZOMETER there, declared a TILT_BIAXIAL_DGSI" in said, said
    assert "its name and mux_index read otherwise (below)" in said, said
    entry = tilt5(workspace)
    assert (entry["status"], entry["severity"]) == ("MODIFIED", "high"), entry
    shown = {each["path"]: (each["expected"], each["actual"]) for each in entry["differences"]}
    assert shown["type"] == ("TILT_BIAXIAL_DGSI", "VW_PIEZOMETER"), shown
    assert shown["name"] == ("IPI Tilt 5 (-10 m)", "crew piezo") and shown["mux_index"] == (5, 9), shown


def test_a_sensor_json_rpc_holds_as_declared_is_pending_with_no_count(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A guard: what JSON-RPC holds matches the manifest, so only the lists are in doubt."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")
    made_by_hand(workspace, "TILT_BIAXIAL_DGSI", "IPI Tilt 5 (-10 m)", 5)

    drift = workspace.run("drift", SITE)

    assert drift.exit_code == 0, drift.output
    entry = tilt5(workspace)
    assert (entry["status"], entry["severity"]) == ("PENDING", "low"), entry
    assert (entry["observations"], entry["observations_unknown"]) == (None, True), entry
