"""Where the REST lists lag JSON-RPC writes (`lists-lag-rpc-writes`), drift looks a declared THREAD
logger or sensor up by its id, and one JSON-RPC holds as declared is PENDING. That comparison checked
type, declared fields and an edited SERIAL_NO only: a logger held under another gateway (its NODE_ID),
a sensor held under another logger (its `device`), or one holding no SERIAL_NO read PENDING ("No
drift", exit 0). None is as declared: each is MODIFIED, as the plan tells it once listed; a logger
holding none where no declared logger holds one is NOT_CHECKED, as a listed one is."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.commands import drift as drift_command
from iotplan.plan.model import Kind
from tests.e2e.conftest import Workspace
from tests.e2e.test_a_thread_logger_json_rpc_holds_has_its_sensors_looked_up_too import VW2, vw2_made_by_hand
from tests.e2e.test_a_thread_sensor_json_rpc_holds_with_another_serial_is_drift_not_pending import (
    tilt5_made_by_hand,
)
from tests.e2e.test_thread import IPI_LOGGER, SITE, VW_LOGGER

TILT5 = f"{IPI_LOGGER}/tilt5/sensor"


def lagging(workspace: Workspace, monkeypatch: pytest.MonkeyPatch, first: str = "") -> None:
    if first:
        monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", first)
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", ",".join(filter(None, [first, "lists-lag-rpc-writes"])))


def answering(monkeypatch: pytest.MonkeyPatch, kind: Kind, entity: dict[str, Any]) -> None:
    """JSON-RPC's answer for `kind`, faked: `entity` at its id, nothing else."""

    async def get(_: object, ids: list[str]) -> list[dict[str, Any]]:
        return [entity] if entity["id"] in ids else []

    monkeypatch.setitem(drift_command._GETS, kind, get)


def status(workspace: Workspace, address: str) -> tuple[str, str]:
    entry = next(each for each in workspace.json("drift", SITE)["entries"] if each["address"] == address)
    return entry["status"], " ".join(entry["reason"].split())


def test_a_logger_held_under_another_gateway_is_modified(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    lagging(workspace, monkeypatch)
    vw2_made_by_hand(workspace)
    props = {
        "NODE_ID": "/fn/AAAAAA/node",
        "NAME": "Section 3 VW Logger 2",
        "EXTERNAL_PORT": 3,
        "SERIAL_NO": "032499",
    }
    answering(monkeypatch, Kind.DEVICE, {"id": VW2, "type": "VW_LOGGER", "props": props})

    drift = workspace.run("drift", SITE)

    assert drift.exit_code == 2, drift.output
    said = status(workspace, "tunnel-thread/vw2")
    assert said[0] == "MODIFIED", said
    assert "under /fn/AAAAAA/node, not /fn/6C7D8E/node" in said[1], said


def test_a_sensor_held_under_another_logger_is_modified(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    lagging(workspace, monkeypatch)
    tilt5_made_by_hand(workspace, "032434")
    props = {"NAME": "IPI Tilt 5 (-10 m)", "MUX_INDEX": 5, "SERIAL_NO": "032434"}
    answering(
        monkeypatch,
        Kind.SENSOR,
        {"id": TILT5, "type": "TILT_BIAXIAL_DGSI", "device": VW_LOGGER, "props": props},
    )

    drift = workspace.run("drift", SITE)

    assert drift.exit_code == 2, drift.output
    said = status(workspace, "tunnel-thread/ipi-chain/tilt5")
    assert said[0] == "MODIFIED", said
    assert f"under {VW_LOGGER}, not {IPI_LOGGER}" in said[1], said


def test_a_sensor_held_without_a_serial_is_modified(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    lagging(workspace, monkeypatch)
    tilt5_made_by_hand(workspace, "")

    drift = workspace.run("drift", SITE)

    assert drift.exit_code == 2, drift.output
    said = status(workspace, "tunnel-thread/ipi-chain/tilt5")
    assert said[0] == "MODIFIED", said
    assert "holds no SERIAL_NO" in said[1], said


def test_a_logger_held_without_a_serial_beside_one_holding_its_own_is_modified(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    lagging(workspace, monkeypatch)
    props = {"NAME": "Section 3 VW Logger 2", "EXTERNAL_PORT": 3, "SERIAL_NO": ""}
    vw2_made_by_hand(workspace)
    answering(
        monkeypatch,
        Kind.DEVICE,
        {"id": VW2, "type": "VW_LOGGER", "props": {"NODE_ID": VW2.split("/vwlogger/")[0], **props}},
    )

    drift = workspace.run("drift", SITE)

    assert drift.exit_code == 2, drift.output
    said = status(workspace, "tunnel-thread/vw2")
    assert said[0] == "MODIFIED", said
    assert "holds no SERIAL_NO" in said[1], said


def test_a_logger_held_without_a_serial_where_no_logger_holds_one_is_not_checked(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A guard: a platform may give loggers none (the reference's createDevice answer shows none),
    and where no declared logger holds one, the listed logger is NOT_CHECKED too, never drift."""
    lagging(workspace, monkeypatch, first="logger-created-without-serial")
    vw2_made_by_hand(workspace)

    drift = workspace.run("drift", SITE)

    said = status(workspace, "tunnel-thread/vw2")
    assert said[0] == "NOT_CHECKED", said
    assert drift.exit_code == 2, drift.output  # its sensors, which nothing holds, are missing
