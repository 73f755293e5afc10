"""A replaced device's `holding` (plan JSON) names each sensor it makes again where the plan creates
it, as the plan's text and its creations do: a pinned refId's sensor at its declared key, not the
`#` and short id its live refId gives; a `moved` sensor at its new key, not its old one (format
1.11). A plan saved in format 1.10 named them by the live refId's address: it still applies while
nothing changed, and is still refused once a sensor it makes again gained history. Two sensors the
plan makes again at one address keep their refIds' addresses: one address in `holding` is one sensor."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_counts_unknown_now_say_why import applied, in_thread, out_of_reach
from tests.e2e.test_ownership_and_fences import observe

AIR_TEMP = "quickstart:dam-a/weather/air-temp"
REPLACED = ("template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
MOVED = "\nmoved:\n  - {from: dam-a/weather/battery, to: dam-a/weather/batt2}\n"
# By how battery is declared: its live refId, and where the plan creates it again.
DECLARED = {
    "pinned": ("BAT-1", "dam-a/weather/battery"),  # a refId of its own, not the stack's: `#` and short id
    "moved": ("quickstart:dam-a/weather/battery", "dam-a/weather/batt2"),  # renamed: its old key
}


def _replaced(workspace: Workspace, declared: str, air_temp: int = 5) -> tuple[str, str, str]:
    """The weather station (air-temp `air_temp` observations) replaced by a template change, its
    battery declared as `declared`: the battery's refId, the address the plan creates it at, and the one its
    live refId gives (what format 1.10 named it by)."""
    ref_id, shown = DECLARED[declared]
    if declared == "pinned":
        workspace.edit(QUICKSTART, "- key: battery\n", "- key: battery\n                ref_id: BAT-1\n")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    if air_temp:
        observe(workspace, AIR_TEMP, air_temp)
    workspace.edit(QUICKSTART, *REPLACED)
    if declared == "moved":
        workspace.edit(QUICKSTART, "- key: battery", "- key: batt2")
        (workspace.path / QUICKSTART).write_text((workspace.path / QUICKSTART).read_text() + MOVED)
        return ref_id, shown, "dam-a/weather/battery"
    short_id = re.findall(r"[0-9A-Fa-f]{6}", workspace.live_entity(ref_id)["id"])[-1]
    return ref_id, shown, f"dam-a/weather/#{short_id}"


def _saved(workspace: Workspace) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plan saved, and its replacement."""
    assert workspace.run("plan", QUICKSTART, "--out", "saved.json").exit_code == 0
    saved = json.loads((workspace.path / "saved.json").read_text())
    (replaced,) = [change for change in saved["changes"] if change["action"] == "replace"]
    return saved, replaced


def _saved_in_format_1_10(workspace: Workspace, shown: str, live: str) -> list[str]:
    """The plan saved as the build before 1.11 wrote it: the battery in `holding` (where it is) by
    the address its live refId gives. That holding."""
    saved, replaced = _saved(workspace)
    replaced["holding"] = [live if address == shown else address for address in replaced["holding"]]
    saved["format_version"] = "1.10"
    (workspace.path / "saved.json").write_text(json.dumps(saved))
    return list(replaced["holding"])


@pytest.mark.parametrize("declared", list(DECLARED))
def test_holding_names_a_recreated_sensor_where_the_plan_creates_it(
    workspace: Workspace, declared: str
) -> None:
    ref_id, shown, live = _replaced(workspace, declared)
    observe(workspace, ref_id, 40)
    saved, replaced = _saved(workspace)
    assert replaced["holding"] == ["dam-a/weather/air-temp", shown], live
    assert saved["format_version"] == "1.11"
    assert [c["address"] for c in saved["changes"] if c["action"] == "create"] == [
        "dam-a/weather/air-temp",
        shown,
    ]


@pytest.mark.parametrize("declared", list(DECLARED))
def test_a_plan_saved_in_format_1_10_applies_while_nothing_changed(
    workspace: Workspace, declared: str
) -> None:
    """Both sensors held data when reviewed, named as 1.10 named them: the same history now."""
    ref_id, shown, live = _replaced(workspace, declared)
    observe(workspace, ref_id, 40)
    assert _saved_in_format_1_10(workspace, shown, live) == ["dam-a/weather/air-temp", live]
    done = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    assert done.exit_code == 0, done.output
    made = ref_id if declared == "pinned" else f"quickstart:{shown}"
    assert workspace.live_entity(made)["id"]  # made again


@pytest.mark.parametrize("declared", list(DECLARED))
def test_a_plan_saved_in_format_1_10_is_refused_once_a_recreated_sensor_gained_history(
    workspace: Workspace, declared: str
) -> None:
    """The battery held none when reviewed (in no `holding`), and reports since: refused, named as
    the plan shows it."""
    ref_id, shown, live = _replaced(workspace, declared)
    assert _saved_in_format_1_10(workspace, shown, live) == ["dam-a/weather/air-temp"]
    battery = workspace.live_entity(ref_id)["id"]
    observe(workspace, ref_id, 40)
    refused = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    assert f"replace dam-a/weather: data on 1 sensor that held none when reviewed ({shown})" in refused.stderr
    assert workspace.live_entity(ref_id)["id"] == battery  # nothing written


@pytest.mark.parametrize("declared", list(DECLARED))
def test_a_plan_saved_in_format_1_10_is_refused_once_air_temp_gained_history(
    workspace: Workspace, declared: str
) -> None:
    """The battery held data when reviewed, air-temp none; air-temp reports since: refused for
    air-temp alone (the battery's 1.10 address is the battery's, reviewed)."""
    ref_id, _, live = _replaced(workspace, declared, air_temp=0)
    observe(workspace, ref_id, 40)
    assert _saved_in_format_1_10(workspace, DECLARED[declared][1], live) == [live]
    observe(workspace, AIR_TEMP, 5)
    refused = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    said = "replace dam-a/weather: data on 1 sensor that held none when reviewed (dam-a/weather/air-temp)"
    assert said in refused.stderr


@pytest.mark.parametrize("saved", [True, False], ids=["saved", "confirmed"])
@pytest.mark.parametrize("declared", list(DECLARED))
def test_recreated_sensors_that_cannot_be_counted_now_are_named_as_the_plan_shows_them(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, saved: bool, declared: str
) -> None:
    """Counted 0 when reviewed, JSON-RPC out of reach at the apply: a saved plan and the recount
    once confirmed name the battery where the plan creates it again."""
    ref_id, shown, _ = _replaced(workspace, declared)
    battery = workspace.live_entity(ref_id)["id"]
    refused = applied(
        workspace,
        monkeypatch,
        QUICKSTART,
        lambda: in_thread(out_of_reach, monkeypatch),
        saved,
        "--allow-destroy",
    )
    assert refused.exit_code == 1 and "nothing says the platform changed" in refused.output, refused.output
    assert f"({shown}), read when reviewed, cannot be read now" in refused.output
    assert workspace.live_entity(ref_id)["id"] == battery


BATTERY = "              - key: battery\n"
SPARE = (
    BATTERY.replace("battery", "spare")
    + "                ref_id: {ref}\n"
    + ("                name: Spare\n                template: BATTERY_CHARGE_SDE\n")
)
# Two live sensors the replacement makes again at one address: the one that held data when
# reviewed, the one that reports since, the refId of the second sensor applied first (declared as
# `spare`, then dropped), and the battery as the manifest declares it then.
TWO_AT_ONE = {
    # The stack's battery, left undeclared, at the key a pinned refId is declared at now.
    "orphan at a pinned key": (
        "quickstart:dam-a/weather/battery",
        "BAT-1",
        "BAT-1",
        BATTERY + "                ref_id: BAT-1\n",
    ),
    # A `moved` sensor's old and new refIds both live.
    "moved with both live": (
        "quickstart:dam-a/weather/battery",
        "quickstart:dam-a/weather/batt2",
        "quickstart:dam-a/weather/batt2",
        BATTERY.replace("battery", "batt2"),
    ),
}


@pytest.mark.parametrize("case", list(TWO_AT_ONE))
def test_two_sensors_the_plan_makes_again_at_one_address_stay_apart(workspace: Workspace, case: str) -> None:
    """One held data when reviewed, the other reports since: refused, not passed as the history
    reviewed under the one address the plan shows them at."""
    held, reports, spare, declared_now = TWO_AT_ONE[case]
    workspace.edit(QUICKSTART, BATTERY, SPARE.format(ref=spare) + BATTERY)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, SPARE.format(ref=spare) + BATTERY, declared_now)
    workspace.edit(QUICKSTART, *REPLACED)
    if case.startswith("moved"):
        (workspace.path / QUICKSTART).write_text((workspace.path / QUICKSTART).read_text() + MOVED)
    observe(workspace, held, 5)
    _, replaced = _saved(workspace)
    assert len(replaced["holding"]) == 1, replaced
    in_the_way = workspace.live_entity(reports)["id"]
    observe(workspace, reports, 40)
    refused = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    assert "replace dam-a/weather: data on 1 sensor that held none when reviewed" in refused.stderr
    assert workspace.live_entity(reports)["id"] == in_the_way  # nothing written
