"""A THREAD logger's SERIAL_NO is not sure to be the serial in its id: the reference's createDevice
answer shows none, and a platform may give a logger its hardware's (the `logger-serial-own`
variant), which its sensors then carry. So no plan is refused over it: a logger is reported as
edited behind iotplan only where the platform shows it, its serial neither its id's nor the one its
sensors carry (a datalogger swapped, its serial typed in the web app). Drift reports it, plan notes
it, and plans whatever else there is to do; an apply leaving it fails, as one leaving a dropped
serial does."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from iotplan.live import LiveEntity
from iotplan.plan.address import Address
from iotplan.plan.thread import Family, logger_serial_edited, sensor_serial_edited
from tests.e2e.conftest import Workspace, workspace  # noqa: F401 (a fixture)
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

NOTED = (
    f"tunnel-thread/vw-logger: {VW_LOGGER} reads SERIAL_NO '040000' on the platform, while its id's "
    "serial is '032433': this platform gives a logger its id's serial"
)
RESTORE = "restore it to '032433' in the platform's web app"


def test_where_the_platform_gives_loggers_serials_of_their_own_the_example_converges_without_drift(
    workspace: Workspace,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "logger-serial-own")
    applied = workspace.run("apply", SITE, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    (logger,) = rpc(workspace, "getDevices", {"devices": [VW_LOGGER]})
    assert logger["props"]["SERIAL_NO"] != "032433", "the variant gave the logger a serial of its own"
    plan = workspace.run("plan", SITE, "--detailed-exitcode", "--no-color")
    assert plan.exit_code == 0 and "No changes." in plan.stdout, plan.output
    drift = workspace.run("drift", SITE, "--no-color")
    assert drift.exit_code == 0 and "No drift" in drift.stdout, drift.output


@pytest.fixture
def swapped(workspace: Workspace) -> Workspace:  # noqa: F811 (the fixture imported above)
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": "040000"}})
    return workspace


def test_plan_notes_a_logger_whose_serial_was_edited_in_the_web_app_and_exits_as_in_sync(
    swapped: Workspace,
) -> None:
    plan = swapped.run("plan", SITE, "--detailed-exitcode", "--no-color")
    assert plan.exit_code == 0, plan.output  # nothing to write: no refusal, no change to make
    assert NOTED in " ".join(plan.stdout.split()) and RESTORE in " ".join(plan.stdout.split())


def test_drift_reports_a_logger_whose_serial_was_edited_in_the_web_app(swapped: Workspace) -> None:
    drift = swapped.run("drift", SITE, "--no-color")
    assert drift.exit_code == 2, drift.output  # drift found
    entries = swapped.json("drift", SITE)["entries"]
    (edited,) = [entry for entry in entries if entry["status"] == "MODIFIED"]
    assert edited["address"] == "tunnel-thread/vw-logger" and NOTED in " ".join(edited["reason"].split())
    assert not any(entry["refused"] for entry in entries)


def test_plan_still_plans_the_other_changes_beside_an_edited_serial_and_apply_keeps_it(
    swapped: Workspace,
) -> None:
    rpc(swapped, "updateDevice", {"device": VW_LOGGER, "props": {"NAME": "renamed by hand"}})
    plan = swapped.json("plan", SITE)
    (update,) = [change for change in plan["changes"] if change["action"] == "update"]
    assert update["address"] == "tunnel-thread/vw-logger" and NOTED in " ".join(update["reason"].split())
    assert [field["path"] for field in update["fields"]] == ["name"]
    applied = swapped.run("apply", SITE, "--auto-approve")
    # The rename is made, yet the edited serial it does not write is left: not a success.
    assert applied.exit_code == 1, applied.output
    assert "reads SERIAL_NO '040000' where its id's serial is '032433'" in " ".join(applied.output.split())
    (logger,) = rpc(swapped, "getDevices", {"devices": [VW_LOGGER]})
    assert logger["props"]["NAME"] == "Section 3 VW Logger"
    assert logger["props"]["SERIAL_NO"] == "040000", "the serial the platform holds, resent as it stands"


def test_a_serial_another_tool_wrote_as_a_number_is_drift_not_in_sync(
    workspace: Workspace,  # noqa: F811 (the fixture imported above)
) -> None:
    """Compared as text, 999999 is not '032433': never skipped as if it were no serial."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": 999999}})
    drift = workspace.run("drift", SITE, "--no-color")
    assert drift.exit_code == 2, drift.output
    said = " ".join(drift.output.split())
    assert f"{VW_LOGGER} reads SERIAL_NO 999999 (a number, not text) on the platform" in said, said
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 1


@pytest.mark.parametrize(("serial", "edited"), [(123, False), (123.5, True), (32433, True), (True, True)])
def test_a_serial_that_is_not_text_is_compared_as_text(serial: object, edited: bool) -> None:
    """A number the id's serial reads as (123 for '123') is that serial; any other is an edit."""
    logger = LiveEntity("/fn/1/node/vwlogger/123/device", {"SERIAL_NO": serial})
    sensors = [LiveEntity("/fn/1/node/vwlogger/123/device/pz-1/sensor", {"SERIAL_NO": "123"})]
    note = logger_serial_edited(Address("t/vw"), logger, sensors)
    assert (note is not None) is edited, note


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_logger_keeping_a_blank_serial_is_told_dropped_only(
    workspace: Workspace,  # noqa: F811 (the fixture imported above)
    blank: str,
) -> None:
    """A blank serial is no serial edited to another (plan/thread_identity.py): said once, not twice."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"SERIAL_NO": blank}})
    plan = workspace.run("plan", SITE, "--no-color")
    applied = workspace.run("apply", SITE, "--auto-approve")
    said = " ".join((plan.output + applied.output).split())
    assert applied.exit_code == 1 and "holds no SERIAL_NO" in said, said
    assert "reads SERIAL_NO" not in said, said


LOGGER_ID = "/fn/1/node/vwlogger/123/device"


def _sensors(*serials: object) -> list[LiveEntity]:
    return [LiveEntity(f"{LOGGER_ID}/s{n}/sensor", {"SERIAL_NO": each}) for n, each in enumerate(serials)]


# Another logger family agreeing on its id's serial: the platform gives loggers theirs.
IDS_GIVEN: list[Family] = [
    (
        LiveEntity("/fn/1/node/vwlogger/456/device", {"SERIAL_NO": "456"}),
        [LiveEntity("/fn/1/node/vwlogger/456/device/a/sensor", {"SERIAL_NO": "456"})],
    )
]
# Another agreeing on a serial of its own: the platform gives loggers their hardware's.
OWN_GIVEN: list[Family] = [
    (
        LiveEntity("/fn/1/node/vwlogger/456/device", {"SERIAL_NO": "SN9"}),
        [LiveEntity("/fn/1/node/vwlogger/456/device/a/sensor", {"SERIAL_NO": "SN9"})],
    )
]


def _edited(
    logger_serial: object, *serials: object, families: Sequence[Family] = ()
) -> tuple[bool, list[int]]:
    """Whether the logger is told edited, and which of its sensors are."""
    logger, sensors = LiveEntity(LOGGER_ID, {"SERIAL_NO": logger_serial}), _sensors(*serials)
    told = logger_serial_edited(Address("t/vw"), logger, sensors, families) is not None
    edited = [
        n
        for n, each in enumerate(sensors)
        if sensor_serial_edited(Address("t/vw/s"), each, logger, sensors, families)
    ]
    return told, edited


@pytest.mark.parametrize(
    ("logger", "sensors", "told"),
    [
        # Each one not holding the logger's id's serial is edited, however many agree on another.
        ("999", ("999", "123", "123"), (True, [0])),
        ("XXX", ("xxx", "XXX ", "123"), (True, [0, 1])),
        ("123", ("777", "777", "123"), (False, [0, 1])),
        ("123", ("123", "123", "123"), (False, [])),
        ("999", ("999", "999", "999"), (True, [0, 1, 2])),
    ],
)
def test_where_loggers_get_their_ids_serial_each_entity_differing_from_it_is_edited(
    logger: str, sensors: tuple[str, ...], told: tuple[bool, list[int]]
) -> None:
    assert _edited(logger, *sensors, families=IDS_GIVEN) == told


@pytest.mark.parametrize("families", [OWN_GIVEN, [], IDS_GIVEN + OWN_GIVEN])
@pytest.mark.parametrize(
    ("logger", "sensors", "told"),
    [
        # Not sure the platform gives loggers their id's serial: no majority picks the edited ones.
        # A family that disagrees is told whole; one that agrees reads in sync (a known limit).
        ("999", ("999", "123", "123"), (True, [0, 1, 2])),
        ("OWN", ("OWN", "OWN", "123"), (True, [0, 1, 2])),
        ("123", ("OWN", "OWN", "OWN"), (True, [0, 1, 2])),
        ("OWN", ("OWN", "own", "OWN "), (False, [])),
        ("", ("OWN", "OWN"), (False, [])),  # a blank one is said dropped (plan/thread_identity.py)
    ],
)
def test_where_iotplan_cannot_be_sure_of_the_platforms_serials_a_family_that_disagrees_is_told_whole(
    logger: str, sensors: tuple[str, ...], told: tuple[bool, list[int]], families: Sequence[Family]
) -> None:
    assert _edited(logger, *sensors, families=families) == told


def test_a_family_that_disagrees_is_told_what_each_holds_and_that_iotplan_cannot_tell_which() -> None:
    logger = LiveEntity(LOGGER_ID, {"SERIAL_NO": "999"})
    note = " ".join(
        (logger_serial_edited(Address("t/vw"), logger, _sensors("555", "999"), OWN_GIVEN) or "").split()
    )
    assert "its logger family disagrees (the logger '999', s0 '555', s1 '999')" in note, note
    assert "iotplan cannot tell which were edited" in note and "restore it to" not in note, note
