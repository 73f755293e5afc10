"""A THREAD logger (or sensor) whose SERIAL_NO another tool edited is drift with nothing to write,
as one whose serial was dropped is. An apply with nothing to write said "No changes to write, but 1
entity differs", exit 0, where the dropped one exits 1: an apply that leaves a declared difference it
will not write is not a success. It now fails alike, naming the entity, the serial the platform shows
and the one its id carries, and the step that settles it. `plan --detailed-exitcode` stays 0 (nothing
to write) and drift 2 (MODIFIED), as for a dropped serial."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, VW_LOGGER, rpc


def test_a_logger_whose_serial_was_edited_fails_an_apply_with_nothing_to_write(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": "999999"}})
    assert workspace.run("plan", SITE, "--detailed-exitcode").exit_code == 0  # nothing to write
    assert workspace.run("drift", SITE).exit_code == 2

    applied = workspace.run("apply", SITE, "--auto-approve")

    said = " ".join(applied.output.split())
    assert applied.exit_code == 1, said
    assert (
        f"tunnel-thread/vw-logger ({VW_LOGGER}) reads SERIAL_NO '999999' where its id's serial is '032433'"
        in said
    )
    assert "restore it to '032433' in the platform's web app" in said, said
    assert "differs, noted:" not in said, "told by its own rule, not again as any other difference"


def test_a_sensor_whose_serial_was_edited_fails_an_apply_with_nothing_to_write(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    tilt4 = f"{IPI_LOGGER}/tilt4/sensor"
    rpc(workspace, "updateSensor", {"sensor": tilt4, "props": {"SERIAL_NO": "999999"}})

    applied = workspace.run("apply", SITE, "--auto-approve")

    said = " ".join(applied.output.split())
    assert applied.exit_code == 1, said
    assert (
        f"tunnel-thread/ipi-chain/tilt4 ({tilt4}) reads SERIAL_NO '999999' "
        "where its logger's id's serial is '032434'" in said
    )


def test_the_swapped_logger_advice_asks_for_another_name_too(workspace: Workspace) -> None:
    """Declared under its own `serial` alone, the new logger is refused: the old one carries its name."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": "999999"}})

    said = " ".join(workspace.run("apply", SITE, "--auto-approve").output.split())

    assert "declare the new one under its own `serial` and another `name`" in said, said


@pytest.fixture
def own_serials(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> tuple[Workspace, str]:
    """The example applied where loggers have serials of their own, which their sensors carry."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "logger-serial-own")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    (logger,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    assert logger["props"]["SERIAL_NO"] != "032433", "the variant gave the logger a serial of its own"
    return workspace, logger["props"]["SERIAL_NO"]


def test_where_loggers_have_serials_of_their_own_an_edited_logger_is_told_with_its_family_unblamed(
    own_serials: tuple[Workspace, str],
) -> None:
    """Before, its sensors were taken to keep the serial it had and named as the one to restore: on a
    platform giving loggers their own, the three sensors may as well have been retyped together. Each
    is told with what each holds, and that iotplan cannot tell which was edited."""
    workspace, own = own_serials
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": "111111"}})

    applied = workspace.run("apply", SITE, "--auto-approve")

    said = " ".join(applied.output.split())
    assert applied.exit_code == 1, said
    assert (
        f"tunnel-thread/vw-logger ({VW_LOGGER}) reads SERIAL_NO '111111' where its logger family disagrees "
        f"(the logger '111111', pz-1 '{own}', pz-2 '{own}', pz-3 '{own}')" in said
    )
    assert "tunnel-thread/vw-logger/pz-1" in said and "restore it to" not in said, said


def test_where_loggers_have_serials_of_their_own_a_sensor_edited_alone_is_told_with_its_family(
    own_serials: tuple[Workspace, str],
) -> None:
    """Before, the sensor alone was told, its logger's serial the one to restore: a logger and two
    sensors retyped together read alike, and that advice overwrote the healthy one."""
    workspace, own = own_serials
    pz1 = f"{VW_LOGGER}/pz-1/sensor"
    rpc(workspace, "updateSensor", {"sensor": pz1, "props": {"SERIAL_NO": "777"}})

    applied = workspace.run("apply", SITE, "--auto-approve")

    said = " ".join(applied.output.split())
    assert applied.exit_code == 1, said
    family = f"where its logger family disagrees (the logger '{own}', pz-1 '777', pz-2 '{own}', pz-3 '{own}')"
    assert f"tunnel-thread/vw-logger/pz-1 ({pz1}) reads SERIAL_NO '777' {family}" in said, said
    assert f"tunnel-thread/vw-logger ({VW_LOGGER}) reads SERIAL_NO '{own}' {family}" in said, said


@pytest.mark.parametrize(("serial", "sensor"), [("999999", "pz-1"), (32433, "pz-2")])
def test_a_logger_edited_with_one_of_its_sensors_to_the_same_serial_is_still_drift(
    workspace: Workspace, serial: object, sensor: str
) -> None:
    """A swap typed into the logger and one sensor: where loggers get their id's serial, each is told."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": serial}})
    rpc(workspace, "updateSensor", {"sensor": f"{VW_LOGGER}/{sensor}/sensor", "props": {"SERIAL_NO": serial}})

    assert workspace.run("drift", SITE).exit_code == 2
    applied = workspace.run("apply", SITE, "--auto-approve")

    said = " ".join(applied.output.split())
    assert applied.exit_code == 1, said
    assert f"tunnel-thread/vw-logger ({VW_LOGGER}) reads SERIAL_NO" in said, said
    assert "where its id's serial is '032433'" in said, said
    assert f"tunnel-thread/vw-logger/{sensor} ({VW_LOGGER}/{sensor}/sensor) reads SERIAL_NO" in said, said


def test_where_loggers_have_serials_of_their_own_no_majority_picks_the_edited_ones(
    own_serials: tuple[Workspace, str],
) -> None:
    """The logger and one sensor edited apart: before, the two sensors keeping its serial were taken
    as the truth. Where loggers have serials of their own, the whole family is told, none blamed."""
    workspace, own = own_serials
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": "111111"}})
    pz2 = f"{VW_LOGGER}/pz-2/sensor"
    rpc(workspace, "updateSensor", {"sensor": pz2, "props": {"SERIAL_NO": "222222"}})

    modified = [e["address"] for e in workspace.json("drift", SITE)["entries"] if e["status"] == "MODIFIED"]
    applied = workspace.run("apply", SITE, "--auto-approve")

    assert modified == ["tunnel-thread/vw-logger", *(f"tunnel-thread/vw-logger/pz-{n}" for n in (1, 2, 3))]
    said = " ".join(applied.output.split())
    assert applied.exit_code == 1, said
    assert f"(the logger '111111', pz-1 '{own}', pz-2 '222222', pz-3 '{own}')" in said, said
