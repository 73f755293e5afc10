"""A THREAD sensor is created carrying its logger's serial (the reference's createSensor answer),
or, where a platform gives loggers serials of their own (`logger-serial-own`), that one. A sensor
whose SERIAL_NO is neither was edited in the web app: reported as an edited logger's is (drift
MODIFIED, a note on plan's line, no refusal), its serial masked as refIds are."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace, workspace  # noqa: F401 (a fixture)
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

PZ1 = f"{VW_LOGGER}/pz-1/sensor"
PASSWORD = "SENpw1edited"
NOTED = (
    f"tunnel-thread/vw-logger/pz-1: {PZ1} reads SERIAL_NO 'X99' on the platform, while its logger's id's "
    "serial is '032433'"
)


def edit_serial(site: Workspace, serial: str) -> None:
    assert site.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(site, "updateSensor", {"sensor": PZ1, "props": {"SERIAL_NO": serial}})


def test_drift_reports_a_sensor_whose_serial_was_edited_in_the_web_app(
    workspace: Workspace,  # noqa: F811 (the fixture imported above)
) -> None:
    edit_serial(workspace, "X99")
    drift = workspace.run("drift", SITE, "--no-color")
    assert drift.exit_code == 2, drift.output
    entries = workspace.json("drift", SITE)["entries"]
    (edited,) = [entry for entry in entries if entry["status"] == "MODIFIED"]
    assert edited["address"] == "tunnel-thread/vw-logger/pz-1" and NOTED in " ".join(edited["reason"].split())
    assert not any(entry["refused"] for entry in entries)


def test_plan_notes_the_edited_sensor_serial_and_exits_as_in_sync(
    workspace: Workspace,  # noqa: F811 (the fixture imported above)
) -> None:
    edit_serial(workspace, "X99")
    plan = workspace.run("plan", SITE, "--detailed-exitcode", "--no-color")
    assert plan.exit_code == 0, plan.output  # nothing to write, nothing refused
    said = " ".join(plan.stdout.split())
    assert NOTED in said and "restore it to '032433' in the platform's web app" in said, said


def test_the_edited_sensor_serial_is_quoted_with_its_password_masked(
    workspace: Workspace,  # noqa: F811 (the fixture imported above)
) -> None:
    edit_serial(workspace, f"sn https://u:{PASSWORD}@x.example")
    drift = workspace.run("drift", SITE, "--no-color", "--out", "json=drift.json")
    written = (workspace.path / "drift.json").read_text()
    assert drift.exit_code == 2 and "https://(sensitive)@x.example" in written, drift.output
    assert PASSWORD not in drift.output + written


def test_where_loggers_have_serials_of_their_own_a_sensor_carrying_it_is_in_sync(
    workspace: Workspace,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "logger-serial-own")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    (sensor,) = rpc(workspace, "getSensors", {"sensors": [PZ1]})
    assert sensor["props"]["SERIAL_NO"] != "032433", "the variant gave its logger a serial of its own"
    drift = workspace.run("drift", SITE, "--no-color")
    assert drift.exit_code == 0 and "No drift" in drift.stdout, drift.output


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_sensor_keeping_a_blank_serial_is_told_it_lost_it_not_edited(
    workspace: Workspace,  # noqa: F811 (the fixture imported above)
    blank: str,
) -> None:
    """A blank serial is no serial edited to another: it is one lost (plan/thread_identity.py), the
    default platform giving every sensor its logger's."""
    edit_serial(workspace, blank)
    drift = workspace.run("drift", SITE, "--no-color")
    assert drift.exit_code == 2, drift.output
    assert "reads SERIAL_NO" not in drift.stdout and f"{PZ1} holds no SERIAL_NO" in drift.stdout
