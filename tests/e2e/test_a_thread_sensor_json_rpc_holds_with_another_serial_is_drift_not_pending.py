"""Where the REST lists lag JSON-RPC writes (`lists-lag-rpc-writes`), a sensor another writer made
through JSON-RPC at tilt5's id with the declared type, name and channel but a SERIAL_NO that is not
its logger's is drift: once listed, `plan` and drift tell it MODIFIED, its serial edited behind
iotplan. PENDING ("No drift", exit 0) says nothing known differs, so the SERIAL_NO JSON-RPC answers is
checked as the listed one is."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc

TILT5 = "tunnel-thread/ipi-chain/tilt5"
TILT4_LINE = "{key: tilt4, name: IPI Tilt 4 (-8 m), type: TILT_BIAXIAL_DGSI, mux_index: 4}"
TILT5_LINE = "{key: tilt5, name: IPI Tilt 5 (-10 m), type: TILT_BIAXIAL_DGSI, mux_index: 5}"


def tilt5_made_by_hand(workspace: Workspace, serial: str) -> None:
    props = {"NAME": "IPI Tilt 5 (-10 m)", "MUX_INDEX": 5, "SERIAL_NO": serial}
    sensor = {"sensor": f"{IPI_LOGGER}/tilt5/sensor", "type": "TILT_BIAXIAL_DGSI", "props": props}
    rpc(workspace, "createSensor", sensor)
    workspace.edit(SITE, TILT4_LINE, f"{TILT4_LINE}\n              - {TILT5_LINE}")


def test_a_sensor_json_rpc_holds_with_another_serial_is_modified(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")
    tilt5_made_by_hand(workspace, "999999")

    drift = workspace.run("drift", SITE)

    said = " ".join(drift.output.split())
    assert drift.exit_code == 2, said
    assert "PENDING" not in said and "No drift" not in said, said
    assert f"MODIFIED sensor {TILT5}:" in said, said
    assert "reads SERIAL_NO '999999' on the platform, while its logger's id's serial is '032434'" in said, (
        said
    )


def test_a_sensor_json_rpc_holds_with_its_loggers_serial_is_pending(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A guard: the serial its logger's is what a created sensor carries."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")
    tilt5_made_by_hand(workspace, "032434")

    drift = workspace.run("drift", SITE)

    assert drift.exit_code == 0, drift.output
    assert f"PENDING sensor {TILT5}:" in " ".join(drift.output.split()), drift.output
