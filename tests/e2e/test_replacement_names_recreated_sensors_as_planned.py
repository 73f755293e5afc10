"""A device replaced by a template change, whose recreated sensor held no history when reviewed and
reports since, is refused (a saved plan, or while the prompt was open), naming that sensor as the plan
shows it: at the key it is created again at, not by the address its live refId gives (a pinned
refId's `#` and short id, a `moved` sensor's old key), which the user never saw."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_counts_unknown_now_say_why import applied, in_thread
from tests.e2e.test_ownership_and_fences import observe

REPLACED = ("template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
MOVED = "\nmoved:\n  - {from: dam-a/weather/battery, to: dam-a/weather/batt2}\n"
# By how battery is declared: its live refId, and where the plan creates it again.
DECLARED = {
    "pinned": ("BAT-1", "dam-a/weather/battery"),  # a refId of its own, not the stack's: `#` and short id
    "moved": ("quickstart:dam-a/weather/battery", "dam-a/weather/batt2"),  # renamed: its old key
}


@pytest.mark.parametrize("saved", [True, False], ids=["saved", "confirmed"])
@pytest.mark.parametrize("declared", list(DECLARED))
def test_a_recreated_sensor_that_reported_since_is_named_as_the_plan_shows_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, saved: bool, declared: str
) -> None:
    ref_id, shown = DECLARED[declared]
    if declared == "pinned":
        workspace.edit(QUICKSTART, "- key: battery\n", "- key: battery\n                ref_id: BAT-1\n")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/weather/air-temp", 5)
    workspace.edit(QUICKSTART, *REPLACED)
    if declared == "moved":
        workspace.edit(QUICKSTART, "- key: battery", "- key: batt2")
        (workspace.path / QUICKSTART).write_text((workspace.path / QUICKSTART).read_text() + MOVED)
    battery = workspace.live_entity(ref_id)["id"]
    assert f"+ sensor {shown} (BATTERY_CHARGE_SDE)" in workspace.run("plan", QUICKSTART).output
    reports = lambda: in_thread(observe, workspace, ref_id, 40)  # noqa: E731
    refused = applied(workspace, monkeypatch, QUICKSTART, reports, saved, "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    assert f"replace dam-a/weather: data on 1 sensor that held none when reviewed ({shown})" in refused.stderr
    assert workspace.live_entity(ref_id)["id"] == battery  # nothing written
