"""A THREAD id holding a credential: import writes it masked in a comment, never in clear, and the
plan of the import keeps it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread import NODE, VW_LOGGER, rpc


@pytest.mark.parametrize("where", ["logger", "sensor"])
def test_a_thread_id_holding_a_credential_is_left_unmanaged_masked_and_planned_kept(
    workspace: Workspace, where: str
) -> None:
    """Once written in clear as `id:`, with advice to give it another SERIAL_NO, which a THREAD id
    cannot take."""
    logger = f"{NODE}/vwlogger/x?token=SECRETQ1/device" if where == "logger" else VW_LOGGER
    sensor = f"{logger}/s?sig=SECRETQ2/sensor"
    made_by_another_tool(workspace, logger, sensor)
    imported = workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "imported.yaml")
    assert imported.exit_code == 0, imported.output
    text = (workspace.path / "imported.yaml").read_text()
    assert "SECRETQ1" not in text + imported.output and "SECRETQ2" not in text + imported.output
    masked = f"{NODE}/vwlogger/x?token=(sensitive)" if where == "logger" else f"{logger}/s?sig=(sensitive)"
    kind = "device" if where == "logger" else "sensor"
    assert f'# {kind} "{masked}" is not adopted: its id holds a credential' in text
    assert "SERIAL_NO" not in text
    plan = workspace.run("plan", "imported.yaml", "--detailed-exitcode")
    assert plan.exit_code == 0 and "0 to destroy" in plan.stdout, plan.output


@pytest.mark.parametrize("output", [(), ("--format", "json")])
def test_a_kept_thread_sensor_whose_id_holds_a_credential_is_planned_at_a_masked_address(
    workspace: Workspace, output: tuple[str, ...]
) -> None:
    """Its address was `#` and its id's own part (`#Bearer SECRETQ2`), its id in clear in JSON."""
    logger, sensor = VW_LOGGER, f"{VW_LOGGER}/Bearer SECRETQ2/sensor"
    made_by_another_tool(workspace, logger, sensor)
    assert workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "i.yaml").exit_code == 0
    plan = workspace.run("plan", "i.yaml", *output)
    assert plan.exit_code == 0, plan.output
    assert "SECRETQ2" not in plan.output
    assert "(sensitive)#" in plan.output
    if output:  # its id is read back from a saved plan: its THREAD stays told
        assert f'"live_id":"{NODE}/(sensitive)#' in plan.output


def made_by_another_tool(workspace: Workspace, logger: str, sensor: str) -> None:
    """A logger and its sensor created over JSON-RPC with ids of another tool's choosing."""
    props = {"NODE_ID": NODE, "NAME": "VW logger", "EXTERNAL_PORT": 1}
    rpc(workspace, "createDevice", {"device": logger, "type": "VW_LOGGER", "props": props})
    sensor_props = {"NAME": "pz", "MUX_INDEX": 1}
    rpc(workspace, "createSensor", {"sensor": sensor, "type": "VW_PIEZOMETER", "props": sensor_props})
