"""Where JSON-RPC `update*` replaces props and refuses a logger's SERIAL_NO even unchanged
(`rpc-update-replaces,rpc-update-identity-refused`), a logger's rename went as NAME alone, the
platform dropped the rest, and the single write-back, holding SERIAL_NO, was refused whole: its port,
mode and zero date lost, exit 1 saying "nothing applied is lost" (cr104 #4). Now the write-back is
sent once more without the identity props the platform refuses: the port, mode and zero date are
back, and the serial is named as lost, with its value, exit 1."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc


def test_a_logger_renamed_where_updates_replace_and_refuse_its_serial_keeps_its_port_mode_and_zero(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    (before,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert before["props"]["MODE"] and before["props"]["ZERO_DATE"] and before["props"]["EXTERNAL_PORT"]
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces,rpc-update-identity-refused")
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain B")

    applied = workspace.run("apply", SITE, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    props = logger["props"]
    assert props["NAME"] == "Section 3 IPI Chain B"
    kept = ("EXTERNAL_PORT", "MODE", "ZERO_DATE")
    assert {name: props.get(name) for name in kept} == {name: before["props"][name] for name in kept}
    assert "SERIAL_NO" not in props
    said = " ".join(applied.stderr.split())
    assert "nothing applied is lost" not in said
    assert "tunnel-thread/ipi-chain lost SERIAL_NO (" in said, said
    assert "SERIAL_NO of a device cannot be updated" in " ".join(applied.stdout.split())
    assert "No changes." in workspace.run("plan", SITE).stdout  # no data-model change left to refuse
