"""Where the REST lists lag JSON-RPC writes (`lists-lag-rpc-writes`), a logger another writer made by
hand through JSON-RPC exactly as the manifest declares it is PENDING: nothing known differs. Its
declared sensors, which a MISSING logger carries folded below it, are looked up by their ids like the
logger: one JSON-RPC holds at none of them is MISSING, drift found (exit 2), never "No drift" under a
PENDING logger; one held as declared is PENDING; one held otherwise is MODIFIED. (The variant lags
only the latest write, so sensors held under an unlisted logger are JSON-RPC's answer, faked.)"""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.commands import drift as drift_command
from iotplan.plan.model import Kind
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import NODE, SITE, rpc

VW2 = f"{NODE}/vwlogger/032499/device"
PZ3_LINE = "{key: pz-3, name: Piezometer PZ-3 (right wall), type: VW_PIEZOMETER, mux_index: 3}"
VW2_BLOCK = """
          - key: vw2
            name: Section 3 VW Logger 2
            type: VW_LOGGER
            serial: "032499"
            port: 3
            sensors:
              - {key: pz-7, name: Piezometer PZ-7, type: VW_PIEZOMETER, mux_index: 1}
              - {key: pz-8, name: Piezometer PZ-8, type: VW_PIEZOMETER, mux_index: 2}"""


def vw2_made_by_hand(workspace: Workspace) -> None:
    """The logger alone, as declared, made through JSON-RPC behind iotplan's back: the lists lag it."""
    props = {"NODE_ID": NODE, "NAME": "Section 3 VW Logger 2", "EXTERNAL_PORT": 3}
    rpc(workspace, "createDevice", {"device": VW2, "type": "VW_LOGGER", "props": props})
    workspace.edit(SITE, PZ3_LINE, PZ3_LINE + VW2_BLOCK)


def entries(workspace: Workspace) -> dict[str, dict[str, Any]]:
    return {each["address"]: each for each in workspace.json("drift", SITE)["entries"]}


def lagging(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")


def test_sensors_of_a_pending_logger_json_rpc_holds_none_of_are_missing(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    lagging(workspace, monkeypatch)
    vw2_made_by_hand(workspace)

    drift = workspace.run("drift", SITE)

    said = " ".join(drift.output.split())
    assert drift.exit_code == 2, said
    assert "No drift" not in said, said
    assert "PENDING device tunnel-thread/vw2:" in said, said
    assert "MISSING sensor tunnel-thread/vw2/pz-7:" in said, said
    assert "MISSING sensor tunnel-thread/vw2/pz-8:" in said, said
    shown = entries(workspace)
    assert (shown["tunnel-thread/vw2"]["status"], shown["tunnel-thread/vw2"]["folded"]) == ("PENDING", 0)
    assert shown["tunnel-thread/vw2/pz-7"]["status"] == "MISSING", shown["tunnel-thread/vw2/pz-7"]


def sensors_held(monkeypatch: pytest.MonkeyPatch, names: dict[str, str]) -> None:
    """JSON-RPC's getSensors answering the vw2 sensors `names` gives, each as a created one reads."""

    async def get_sensors(_: object, ids: list[str]) -> list[dict[str, object]]:
        made = {f"{VW2}/{key}/sensor": (key, name) for key, name in names.items()}
        channel = {"pz-7": 1, "pz-8": 2}
        return [
            {
                "id": each,
                "type": "VW_PIEZOMETER",
                "props": {"NAME": made[each][1], "MUX_INDEX": channel[made[each][0]], "SERIAL_NO": "032499"},
            }
            for each in ids
            if each in made
        ]

    monkeypatch.setitem(drift_command._GETS, Kind.SENSOR, get_sensors)


def test_sensors_of_a_pending_logger_are_told_each_as_json_rpc_holds_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    lagging(workspace, monkeypatch)
    vw2_made_by_hand(workspace)
    sensors_held(monkeypatch, {"pz-7": "Piezometer PZ-7", "pz-8": "crew piezo"})

    drift = workspace.run("drift", SITE)

    assert drift.exit_code == 2, drift.output
    shown = entries(workspace)
    assert shown["tunnel-thread/vw2"]["status"] == "PENDING", shown["tunnel-thread/vw2"]
    assert shown["tunnel-thread/vw2/pz-7"]["status"] == "PENDING", shown["tunnel-thread/vw2/pz-7"]
    pz8 = shown["tunnel-thread/vw2/pz-8"]
    assert pz8["status"] == "MODIFIED", pz8
    assert [(each["path"], each["actual"]) for each in pz8["differences"]] == [("name", "crew piezo")], pz8


def test_a_pending_logger_whose_sensors_json_rpc_holds_as_declared_is_no_drift(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A guard: everything held as declared, only the lists are in doubt."""
    lagging(workspace, monkeypatch)
    vw2_made_by_hand(workspace)
    sensors_held(monkeypatch, {"pz-7": "Piezometer PZ-7", "pz-8": "Piezometer PZ-8"})

    drift = workspace.run("drift", SITE)

    assert drift.exit_code == 0, drift.output
    shown = entries(workspace)
    assert {shown[f"tunnel-thread/vw2{each}"]["status"] for each in ("", "/pz-7", "/pz-8")} == {"PENDING"}
