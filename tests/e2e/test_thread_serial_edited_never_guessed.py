"""Which THREAD logger or sensor had its SERIAL_NO edited is told only where iotplan can be sure.

Where the platform gives loggers their id's serial (the default: the other loggers of the THREADs the
manifest declares hold theirs), a logger's serial is its id's and a sensor's its logger's id's: each
one differing is edited, and restoring that serial is certain. Where loggers hold serials of their own,
a logger and its sensors that disagree are each told, with what each holds, and that iotplan cannot
tell which were edited: never a confident "restore" that overwrites a healthy serial. Before, a
majority rule blamed the healthy ones, and following its advice ended at "No drift" with good serials
overwritten."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

PZ = {key: f"{VW_LOGGER}/{key}/sensor" for key in ("pz-1", "pz-2", "pz-3")}


def _serials(workspace: Workspace) -> dict[str, Any]:
    (logger,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    sensors = rpc(workspace, "getSensors", {"sensors": list(PZ.values())})
    by_id = {sensor["id"]: sensor["props"].get("SERIAL_NO") for sensor in sensors}
    return {"logger": logger["props"].get("SERIAL_NO")} | {key: by_id[each] for key, each in PZ.items()}


def _edit(workspace: Workspace, logger: object = None, **sensors: object) -> None:
    if logger is not None:
        rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": logger}})
    for key, serial in sensors.items():
        rpc(workspace, "updateSensor", {"sensor": PZ[key.replace("_", "-")], "props": {"SERIAL_NO": serial}})


def _modified(workspace: Workspace) -> dict[str, str]:
    entries = workspace.json("drift", SITE)["entries"]
    return {e["address"]: " ".join(e["reason"].split()) for e in entries if e["status"] == "MODIFIED"}


@pytest.fixture
def own(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The example applied where loggers have serials of their own, which their sensors carry."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "logger-serial-own")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    return workspace


def test_default_platform_a_logger_and_two_sensors_edited_to_one_serial_are_each_told_to_restore_the_ids(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    applied = _serials(workspace)
    _edit(workspace, "XXX", pz_1="xxx", pz_2="XXX ")

    modified = _modified(workspace)

    assert sorted(modified) == [
        "tunnel-thread/vw-logger",
        "tunnel-thread/vw-logger/pz-1",
        "tunnel-thread/vw-logger/pz-2",
    ]
    assert all("restore it to '032433'" in reason for reason in modified.values()), modified
    # Following the advice reads in sync only once each is restored (spelled apart, as the platform
    # refuses a sensor a sibling's SERIAL_NO as written; iotplan compares them case and spaces aside).
    _edit(workspace, "032433", pz_1=" 032433")
    assert workspace.run("drift", SITE).exit_code == 2
    _edit(workspace, pz_2="032433 ")
    assert workspace.run("drift", SITE).exit_code == 0
    assert {key: serial.strip() for key, serial in _serials(workspace).items()} == applied


def test_own_serials_two_sensors_retyped_tell_the_whole_family_and_blame_none(own: Workspace) -> None:
    serial = _serials(own)["logger"]
    _edit(own, pz_1="yyy", pz_2="YYY")

    modified = _modified(own)
    drift = own.run("drift", SITE)

    assert drift.exit_code == 2, drift.output
    assert sorted(modified) == ["tunnel-thread/vw-logger", *(f"tunnel-thread/vw-logger/{k}" for k in PZ)]
    for reason in modified.values():
        assert "iotplan cannot tell which were edited" in reason, reason
        assert f"the logger '{serial}', pz-1 'yyy', pz-2 'YYY', pz-3 '{serial}'" in reason, reason
        assert "restore it to" not in reason, reason


@pytest.mark.parametrize("typed", ["032433", 32433])
def test_own_serials_a_logger_typed_to_its_ids_serial_never_has_its_healthy_sensors_restored_to_it(
    own: Workspace, typed: object
) -> None:
    _edit(own, typed)

    modified = _modified(own)

    assert sorted(modified) == ["tunnel-thread/vw-logger", *(f"tunnel-thread/vw-logger/{k}" for k in PZ)]
    assert not any("restore it to" in reason for reason in modified.values()), modified
    assert all("iotplan cannot tell which were edited" in reason for reason in modified.values()), modified


def test_own_serials_a_logger_cleared_is_told_lost_and_its_healthy_sensors_are_not_told(
    own: Workspace,
) -> None:
    serial = _serials(own)["logger"]
    _edit(own, "")

    modified = _modified(own)

    assert sorted(modified) == ["tunnel-thread/vw-logger"], modified
    assert f"set its SERIAL_NO to '{serial}'" in modified["tunnel-thread/vw-logger"], modified


def _to_set(reason: str) -> str:
    return reason.split("set its SERIAL_NO ", 1)[1]


def test_default_platform_a_sensor_cleared_under_an_edited_logger_is_told_its_loggers_ids_serial(
    workspace: Workspace,
) -> None:
    """Before, it was told to take the logger's edited serial ('XXX')."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    _edit(workspace, "XXX", pz_1="")

    reason = _modified(workspace)["tunnel-thread/vw-logger/pz-1"]

    assert _to_set(reason).startswith("to '032433' (the serial in its logger's id)"), reason


def test_own_serials_a_sensor_cleared_beside_a_family_that_disagrees_is_told_no_serial_to_set(
    own: Workspace,
) -> None:
    """Before, it was told to take its logger's serial, typed there as its id's ('032433')."""
    serial = _serials(own)["logger"]
    _edit(own, "032433", pz_1="")

    reason = _modified(own)["tunnel-thread/vw-logger/pz-1"]

    family = f"(the logger '032433', pz-2 '{serial}', pz-3 '{serial}')"
    assert _to_set(reason).startswith(f"to the one it had (its logger family disagrees {family}"), reason
    assert "iotplan cannot tell which" in reason, reason


def test_apply_leaving_a_family_that_disagrees_says_which_was_edited_is_untold(own: Workspace) -> None:
    """Before, it said of the whole family "their serials were likely edited: restore the serial"."""
    _edit(own, pz_1="yyy")

    applied = own.run("apply", SITE, "--auto-approve")

    said = " ".join(applied.output.split())
    assert applied.exit_code == 1, said
    assert "(where a logger family disagrees, one or more of it: iotplan cannot tell which)" in said, said
    assert "check each in the platform's web app and restore the edited ones" in said, said


def test_apply_leaving_an_edit_on_the_default_platform_says_restore(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    _edit(workspace, pz_1="yyy")

    said = " ".join(workspace.run("apply", SITE, "--auto-approve").output.split())

    assert "restore the serial in the platform's web app" in said and "cannot tell which" not in said, said
