"""A replaced device takes the history of the sensors the plan makes again with it: one that held none
when reviewed and reports before the writes is refused as a removal's would be, not destroyed with
the rest (`--allow-destroy` was given for the 5 observations shown, not for the battery's 40)."""

from __future__ import annotations

import json
import threading

import pytest

from iotplan.cli import plan_commands
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_counts_unknown_now_say_why import out_of_reach
from tests.e2e.test_ownership_and_fences import observe

BATTERY = "quickstart:dam-a/weather/battery"


def _weather_replaced(workspace: Workspace) -> str:
    """The weather station (air-temp 5 observations, battery none) replaced by a template change: the
    battery's live id."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/weather/air-temp", 5)
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    return str(workspace.live_entity(BATTERY)["id"])


def _battery_reports(workspace: Workspace) -> None:
    reporting = threading.Thread(target=observe, args=(workspace, BATTERY, 40))
    reporting.start()
    reporting.join()


@pytest.mark.parametrize("reviewed", ["saved plan", "prompt"])
def test_a_recreated_sensor_that_reports_after_the_review_stops_the_replacement(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, reviewed: str
) -> None:
    battery = _weather_replaced(workspace)
    if reviewed == "saved plan":
        assert workspace.run("plan", QUICKSTART, "--out", "saved.json").exit_code == 0
        observe(workspace, BATTERY, 40)
        refused = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    else:
        monkeypatch.setattr(plan_commands, "_confirm", lambda auto_approve: _battery_reports(workspace))
        refused = workspace.run("apply", QUICKSTART, "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    assert "data on 1 sensor that held none when reviewed (dam-a/weather/battery)" in refused.output
    assert workspace.live_entity(BATTERY)["id"] == battery  # its 40 observations still there


def test_a_recreated_sensor_whose_0_cannot_be_counted_now_is_said_so(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    battery = _weather_replaced(workspace)
    assert workspace.run("plan", QUICKSTART, "--out", "saved.json").exit_code == 0
    out_of_reach(monkeypatch)
    refused = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1 and "the platform changed since" not in refused.output, refused.output
    assert "(dam-a/weather/battery), read when reviewed, cannot be read now" in refused.output
    assert workspace.live_entity(BATTERY)["id"] == battery


def _saved_in_format_1_9(workspace: Workspace) -> None:
    """The replacement's plan saved as the build before 1.10 wrote it: air-temp, which held 5, not in
    its `holding`."""
    assert workspace.run("plan", QUICKSTART, "--out", "saved.json").exit_code == 0
    saved = json.loads((workspace.path / "saved.json").read_text())
    (replaced,) = [change for change in saved["changes"] if change["action"] == "replace"]
    assert replaced["holding"] == ["dam-a/weather/air-temp"]
    saved["format_version"], replaced["holding"] = "1.9", []
    replaced.pop("counted_through_rpc", None)
    (workspace.path / "saved.json").write_text(json.dumps(saved))


def test_a_replacement_saved_before_plans_recorded_its_recreated_sensors_is_refused_as_such(
    workspace: Workspace,
) -> None:
    """Air-temp's 5, shown then, cannot be told from data that arrived since; nothing changed."""
    _weather_replaced(workspace)
    _saved_in_format_1_9(workspace)
    refused = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1 and "the platform changed" not in refused.output, refused.output
    assert "(format 1.9) was saved by an iotplan that did not record which sensors" in refused.output


def test_such_a_replacement_whose_0s_cannot_be_counted_now_is_said_so(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing under the weather station holds data (its plan in 1.9 records none, rightly); JSON-RPC
    is out of reach: their counts cannot be read now, said so, not as a plan saved unrecorded."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    assert workspace.run("plan", QUICKSTART, "--out", "saved.json").exit_code == 0
    saved = json.loads((workspace.path / "saved.json").read_text())
    saved["format_version"] = "1.9"
    for change in saved["changes"]:
        change.pop("counted_through_rpc", None)
    (workspace.path / "saved.json").write_text(json.dumps(saved))
    out_of_reach(monkeypatch)
    refused = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1 and "was saved by an iotplan" not in refused.output, refused.output
    assert (
        "(dam-a/weather/air-temp, dam-a/weather/battery), read when reviewed, cannot be read now"
        in refused.output
    )
