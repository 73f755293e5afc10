"""What stands under a device the stack does not own is in the drift report (fz69): once a person
hand-edited the weather station's SERIAL_NO, a web-app copy of a declared sensor under it (critical,
no write reaches that refId while it stands) and another stack's sensor there vanished from every
format; and a hand-made device's own sensors were never counted. They are counted on its line, not
listed one by one: 300 sensors beneath three devices made 908 lines of a plan (cr61)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

COPY = "QUICKSTART:dam-a/weather/battery"
THEIRS = "otherstack:dam-a/weather/rain"


def _sensor(ref_id: str, name: str) -> dict:
    return {
        "changeState": "new",
        "refId": ref_id,
        "props": {"NAME": name, "INTEGRATION_ID": "TEMPERATURE_SDE"},
    }


@pytest.fixture
def edited(workspace: Workspace) -> Workspace:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    weather = {"changeState": "update", "refId": "quickstart:dam-a/weather"}
    weather["sensors"] = [_sensor(COPY, "Battery copy"), _sensor(THEIRS, "Rain")]
    hand = {"changeState": "new", "refId": "hand-dev", "props": {"NAME": "Hand dev"}}
    hand["props"]["INTEGRATION_ID"] = "DEMO_DEVICE_SDE"
    hand["sensors"] = [_sensor("hand-sensor", "Hand sensor")]
    workspace.integrate_under("quickstart:dam-a", [weather, hand])
    weather = {
        "changeState": "update",
        "refId": "quickstart:dam-a/weather",
        "props": {"SERIAL_NO": "weather-by-hand"},
    }
    workspace.integrate_under("quickstart:dam-a", [weather])
    return workspace


def _by_serial(report: dict) -> dict[str, dict]:
    return {entry["serial"]: entry for entry in report["entries"] if entry["serial"]}


def test_the_copy_under_the_edited_device_is_a_critical_duplicate(edited: Workspace) -> None:
    copy = _by_serial(edited.json("drift", QUICKSTART))[COPY]
    assert (copy["status"], copy["severity"]) == ("DUPLICATE", "critical")
    assert copy["address"].startswith("dam-a/#") and copy["address"].count("#") == 2, copy
    assert copy["reason"].startswith(
        "a copy of dam-a/weather/battery (refId 'QUICKSTART:dam-a/weather/battery', holding "
    )


def test_another_stacks_sensor_there_is_listed_as_that_stacks(edited: Workspace) -> None:
    theirs = _by_serial(edited.json("drift", QUICKSTART))[THEIRS]
    assert (theirs["status"], theirs["severity"], theirs["owner"]) == ("UNMANAGED", "info", "otherstack")


def test_a_hand_made_devices_sensor_is_counted_on_its_line(edited: Workspace) -> None:
    hand = _by_serial(edited.json("drift", QUICKSTART))["hand-dev"]
    assert "beneath it 1 unmanaged sensor, not listed one by one" in hand["reason"], hand


@pytest.mark.parametrize("output_format", ["text", "markdown", "html", "junit"])
def test_every_format_shows_them(edited: Workspace, output_format: str) -> None:
    shown = edited.run("drift", QUICKSTART, "--format", output_format)
    assert shown.exit_code == 2
    for said in (COPY, THEIRS, "a copy of dam-a/weather/battery", "beneath it 1 unmanaged sensor"):
        assert said in shown.stdout, (said, shown.stdout)
