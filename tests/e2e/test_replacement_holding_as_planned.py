"""A replaced device's `holding` (plan JSON) names each sensor it makes again by the address its live
refId gives (a pinned refId's `#` and short id, a `moved` sensor's old key): one sensor, whatever the
manifest calls it, which is what a saved plan's staleness check compares. Since format 1.11,
`holding_shown` says where the plan creates each of those again (its declared key, a `moved`
sensor's new one), for readers of the JSON; nothing reads it back. Naming `holding` by that planned
address instead (9d93c22) passed a sensor made at that address by another writer since the review
as the one reviewed there, and destroyed its history unreviewed. A plan saved in format 1.10 (the
same `holding`, no `holding_shown`) still applies while nothing changed, and is refused once a
sensor it makes again gained history."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from iotplan.sim import embedded_transport
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_counts_unknown_now_say_why import applied, in_thread, out_of_reach
from tests.e2e.test_ownership_and_fences import observe

AIR_TEMP = "quickstart:dam-a/weather/air-temp"
WEATHER = "quickstart:dam-a/weather"
REPLACED = ("template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
MOVED = "\nmoved:\n  - {from: dam-a/weather/battery, to: dam-a/weather/batt2}\n"
# By how battery is declared: its live refId, and where the plan creates it again.
DECLARED = {
    "pinned": ("BAT-1", "dam-a/weather/battery"),  # a refId of its own, not the stack's: `#` and short id
    "moved": ("quickstart:dam-a/weather/battery", "dam-a/weather/batt2"),  # renamed: its old key
}


def _replaced(
    workspace: Workspace, declared: str, air_temp: int = 5, battery: int = 0
) -> tuple[str, str, str]:
    """The weather station (air-temp `air_temp` observations) replaced by a template change, its
    battery declared as `declared` (`battery` observations once replaced): the battery's refId, the
    address the plan creates it at, and the one its live refId gives (what format 1.10 named it by)."""
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
        live = "dam-a/weather/battery"
    else:
        short_id = re.findall(r"[0-9A-Fa-f]{6}", workspace.live_entity(ref_id)["id"])[-1]
        live = f"dam-a/weather/#{short_id}"
    if battery:
        observe(workspace, ref_id, battery)
    return ref_id, shown, live


def _saved(workspace: Workspace) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plan saved, and its replacement."""
    assert workspace.run("plan", QUICKSTART, "--out", "saved.json").exit_code == 0
    saved = json.loads((workspace.path / "saved.json").read_text())
    (replaced,) = [change for change in saved["changes"] if change["action"] == "replace"]
    return saved, replaced


def _saved_in_format_1_10(workspace: Workspace) -> list[str]:
    """The plan saved as the build before 1.11 (4e78a8d) wrote it: the same `holding`, without
    `holding_shown`, labelled 1.10 (one that build wrote differed from this one in those two alone,
    ids and dates aside, in each case here). That holding."""
    saved, replaced = _saved(workspace)
    replaced.pop("holding_shown", None)
    replaced.pop("counted_through_rpc", None)
    saved["format_version"] = "1.10"
    (workspace.path / "saved.json").write_text(json.dumps(saved))
    return list(replaced["holding"])


@pytest.mark.parametrize("declared", list(DECLARED))
def test_holding_names_a_recreated_sensor_by_its_refid_and_holding_shown_where_the_plan_creates_it(
    workspace: Workspace, declared: str
) -> None:
    """Adapted: under 9d93c22 `holding` named the battery at `shown`; it names it at `live` again,
    and `holding_shown` maps that to `shown`, only for the battery (air-temp is where it is)."""
    _, shown, live = _replaced(workspace, declared, battery=40)
    saved, replaced = _saved(workspace)
    assert replaced["holding"] == sorted(["dam-a/weather/air-temp", live])  # by address
    assert replaced["holding_shown"] == {live: shown}
    assert saved["format_version"] == "1.18"
    assert [c["address"] for c in saved["changes"] if c["action"] == "create"] == [
        "dam-a/weather/air-temp",
        shown,
    ]


@pytest.mark.parametrize("declared", list(DECLARED))
def test_a_plan_saved_in_format_1_10_applies_while_nothing_changed(
    workspace: Workspace, declared: str
) -> None:
    """Both sensors held data when reviewed, named as 1.10 named them: the same history now."""
    ref_id, shown, live = _replaced(workspace, declared, battery=40)
    assert _saved_in_format_1_10(workspace) == sorted(["dam-a/weather/air-temp", live])
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
    ref_id, shown, _ = _replaced(workspace, declared)
    assert _saved_in_format_1_10(workspace) == ["dam-a/weather/air-temp"]
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
    _, _, live = _replaced(workspace, declared, air_temp=0, battery=40)
    assert _saved_in_format_1_10(workspace) == [live]
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


def _two_at_one(workspace: Workspace, case: str) -> None:
    """The two sensors of TWO_AT_ONE[case] live, the device's template changed to replace it."""
    _, _, spare, declared_now = TWO_AT_ONE[case]
    workspace.edit(QUICKSTART, BATTERY, SPARE.format(ref=spare) + BATTERY)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, SPARE.format(ref=spare) + BATTERY, declared_now)
    workspace.edit(QUICKSTART, *REPLACED)
    if case.startswith("moved"):
        (workspace.path / QUICKSTART).write_text((workspace.path / QUICKSTART).read_text() + MOVED)


@pytest.mark.parametrize("case", list(TWO_AT_ONE))
def test_two_sensors_the_plan_makes_again_at_one_address_stay_apart(workspace: Workspace, case: str) -> None:
    """One held data when reviewed, the other reports since: refused, not passed as the history
    reviewed under the one address the plan shows them at."""
    held, reports, _, _ = TWO_AT_ONE[case]
    _two_at_one(workspace, case)
    observe(workspace, held, 5)
    _, replaced = _saved(workspace)
    assert len(replaced["holding"]) == 1, replaced
    in_the_way = workspace.live_entity(reports)["id"]
    observe(workspace, reports, 40)
    refused = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    assert "replace dam-a/weather: data on 1 sensor that held none when reviewed" in refused.stderr
    assert workspace.live_entity(reports)["id"] == in_the_way  # nothing written


def _keeping_the_device_as_reviewed(workspace: Workspace, sensors: list[dict[str, Any]]) -> None:
    """Another writer's sensor `changeState`s under the weather station, the station's own props
    then put back as they were. The emulator stamps a device's LAST_MODIFIED_DATE whenever an
    integrate request names it, its sensors' edits too; the vendor reference promises no such
    thing (a sensor made or removed in the web app, or by a platform that stamps only the sensor,
    leaves its device as it was), so a saved plan's check must not rest on it. Put back, the
    device's fingerprint is the one reviewed: what is left to catch the swap is `holding`."""
    props = workspace.live_entity(WEATHER)["props"]
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "update", "refId": WEATHER, "sensors": sensors}]
    )
    transport = embedded_transport(workspace.path / ".iotplan" / "sim.db")
    store = transport.app.backend.store  # type: ignore[attr-defined]
    try:
        device = store.get(workspace.live_entity(WEATHER)["id"])
        device["props"] = props
        with store.transaction():
            store.update(device)
    finally:
        store.close()


def _made_like(workspace: Workspace, ref_id: str, like: str) -> dict[str, Any]:
    """A sensor's creation under `ref_id`, named and typed as the live sensor `like` is."""
    props = workspace.live_entity(like)["props"]
    return {
        "changeState": "new",
        "refId": ref_id,
        "props": {key: props[key] for key in ("INTEGRATION_ID", "NAME")},
    }


def _removed(ref_id: str) -> dict[str, Any]:
    return {"changeState": "remove", "refId": ref_id}


HUMID = (
    "              - key: humid\n                name: Humidity\n                template: TEMPERATURE_SDE\n"
)
BATTERY_REF, BATT2_REF = "quickstart:dam-a/weather/battery", "quickstart:dam-a/weather/batt2"


def _moved_swapped(workspace: Workspace) -> tuple[str, list[dict[str, Any]]]:
    """A `moved` battery (5 observations) replaced; another writer removes it and makes a sensor
    under its new refId, at the address the plan creates it at."""
    _replaced(workspace, "moved", battery=5)
    return BATT2_REF, [_removed(BATTERY_REF), _made_like(workspace, BATT2_REF, BATTERY_REF)]


def _moved_both_live_swapped(workspace: Workspace) -> tuple[str, list[dict[str, Any]]]:
    """A `moved` battery whose old and new refIds are both live, the new one holding 5
    observations, the old none; another writer removes the new one and makes `humid`, which the
    manifest declares (as many sensors as reviewed); the old one then reports."""
    _two_at_one(workspace, "moved with both live")
    workspace.edit(QUICKSTART, "              - key: batt2\n", HUMID + "              - key: batt2\n")
    observe(workspace, BATT2_REF, 5)
    humid = _made_like(workspace, "quickstart:dam-a/weather/humid", AIR_TEMP)
    return BATTERY_REF, [_removed(BATT2_REF), humid]


def _orphan_swapped(workspace: Workspace) -> tuple[str, list[dict[str, Any]]]:
    """The stack's orphan battery (5 observations) at the key a pinned refId BAT-1 (none) is
    declared at; another writer removes the orphan and makes `humid`, declared; BAT-1 then reports."""
    _two_at_one(workspace, "orphan at a pinned key")
    workspace.edit(QUICKSTART, BATTERY, HUMID + BATTERY)
    observe(workspace, BATTERY_REF, 5)
    humid = _made_like(workspace, "quickstart:dam-a/weather/humid", AIR_TEMP)
    return "BAT-1", [_removed(BATTERY_REF), humid]


# cr53's cases (a), (b), (c): by how the sensor behind one planned address is swapped, the swap
# itself, the sensor that then reports, and how the refusal names it (as the plan shows it).
SWAPPED = {
    "moved: old refId removed, new one made": (_moved_swapped, "dam-a/weather/batt2"),
    "moved, both live: new refId removed": (_moved_both_live_swapped, "dam-a/weather/batt2"),
    "orphan at a pinned key removed": (_orphan_swapped, "dam-a/weather/battery"),
}


@pytest.mark.parametrize("case", list(SWAPPED))
def test_a_sensor_swapped_behind_its_planned_address_that_reports_since_is_refused(
    workspace: Workspace, case: str
) -> None:
    """Each exited 0 under 9d93c22, whose `holding` named the reviewed sensor and the swapped-in
    one alike (the address the plan creates it at), and destroyed the latter's 40 observations."""
    swap, named = SWAPPED[case]
    reports, sensors = swap(workspace)
    _, replaced = _saved(workspace)
    _keeping_the_device_as_reviewed(workspace, sensors)
    observe(workspace, reports, 40)
    in_the_way = workspace.live_entity(reports)["id"]
    refused = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1, (replaced, refused.output)
    said = f"replace dam-a/weather: data on 1 sensor that held none when reviewed ({named})"
    assert said in refused.stderr
    assert workspace.live_entity(reports)["id"] == in_the_way  # nothing written


def test_a_refusal_names_the_sensor_made_since_that_gained_data_not_the_one_reviewed(
    workspace: Workspace,
) -> None:
    """A `moved` battery (5 observations, reviewed) replaced; another writer makes a sensor under
    its new refId beside it, which reports: refused naming that one (batt2, where it is), not the
    battery (which 9d93c22 named, `dam-a/weather/battery`, as its 1.10 translation fell back to)."""
    _replaced(workspace, "moved", battery=5)
    _saved(workspace)
    _keeping_the_device_as_reviewed(workspace, [_made_like(workspace, BATT2_REF, BATTERY_REF)])
    observe(workspace, BATT2_REF, 7)
    refused = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    said = "replace dam-a/weather: data on 1 sensor that held none when reviewed (dam-a/weather/batt2)"
    assert said in refused.stderr
    assert "(dam-a/weather/battery)" not in refused.output


@pytest.mark.parametrize("declared", list(DECLARED))
def test_holding_shown_is_kept_by_the_merge_of_shards_and_applies(
    workspace: Workspace, declared: str
) -> None:
    _, shown, live = _replaced(workspace, declared, battery=40)
    for shard in ("1/2", "2/2"):
        planned = workspace.run("plan", QUICKSTART, "--shard", shard, "--out", f"shard-{shard[0]}.json")
        assert planned.exit_code in (0, 2), planned.output
    merged = workspace.run("merge", "shard-1.json", "shard-2.json", "--format", "json")
    assert merged.exit_code in (0, 2), merged.output
    (replaced,) = [c for c in json.loads(merged.stdout)["changes"] if c["action"] == "replace"]
    assert (replaced["holding"], replaced["holding_shown"]) == (
        sorted(["dam-a/weather/air-temp", live]),  # by address
        {live: shown},
    )
    (workspace.path / "saved.json").write_text(merged.stdout)
    done = workspace.run("apply", "saved.json", "--auto-approve", "--allow-destroy")
    assert done.exit_code == 0, done.output
