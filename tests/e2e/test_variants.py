"""iotplan against every emulator variant: a platform that breaks one undocumented assumption.

Whatever the variant, as a user would run it (apply twice, then plan): no duplicate survives,
nothing holding observations (or whose count is unknown) is removed without --allow-destroy, and
apply exits 0 only when a fresh plan shows no changes. Where iotplan cannot work under a
variant, it stops with a message instead of doing harm.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from iotplan.sim import KNOWN_VARIANTS
from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_faults import SITES

DECLARED = {"devices": 2, "sensors": 5}


def listed(workspace: Workspace, kind: str) -> list[dict[str, Any]]:
    """Every entity of a kind, paged to the end whatever page size the variant honours."""
    found: list[dict[str, Any]] = []
    for number in range(0, 50):
        page = workspace.api(
            "GET", f"/api/{kind}/all", params={"projectIds": PROJECT, "pageSize": 100, "pageNumber": number}
        )
        new = [entity for entity in page if entity["id"] not in {e["id"] for e in found}]
        if not new:
            return found
        found += new
    return found


def api_connections(workspace: Workspace) -> list[dict[str, Any]]:
    return [node for node in listed(workspace, "nodes") if node["id"].startswith("/api/")]


@pytest.fixture(params=sorted(KNOWN_VARIANTS))
def variant(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", request.param)
    return str(request.param)


def test_apply_twice_then_plan_is_safe_under_every_variant(workspace: Workspace, variant: str) -> None:
    first = workspace.run("apply", QUICKSTART, "--auto-approve")
    second = workspace.run("apply", QUICKSTART, "--auto-approve")
    plan = workspace.run("plan", QUICKSTART, "--detailed-exitcode")
    assert len(api_connections(workspace)) <= 1, (variant, first.output, second.output)
    assert len(listed(workspace, "devices")) <= DECLARED["devices"]
    assert len(listed(workspace, "sensors")) <= DECLARED["sensors"]
    for applied in (first, second):
        assert applied.exit_code in (0, 1), applied.output
        if applied.exit_code == 1:
            assert "Error: " in applied.stderr and "Traceback" not in applied.output
    if second.exit_code == 0:
        assert plan.exit_code == 0, (variant, plan.output)


def test_a_sensor_with_history_is_never_removed_without_allow_destroy(
    workspace: Workspace, variant: str
) -> None:
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    sensors = {s["props"].get("NAME"): s for s in listed(workspace, "sensors")}
    if "Battery" not in sensors:  # not the apply's exit code: some variants fail it with the site written
        stopped = f"exit {applied.exit_code}; the other test checks it is safe"
        pytest.skip(f"{variant}: iotplan stops before the sensor exists ({stopped})")
    battery = sensors["Battery"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": battery["id"], "count": 3})
    workspace.edit(QUICKSTART, "              - key: battery\n                name: Battery\n", "")
    workspace.edit(QUICKSTART, "                template: BATTERY_CHARGE_SDE\n", "")
    refused = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert battery["id"] in {s["id"] for s in listed(workspace, "sensors")}


def test_a_write_answered_503_after_it_was_made_is_sent_once_and_the_rerun_finds_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "write-then-503")
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 1
    assert "answered 503" in applied.output and "may or may not have been applied" in applied.output
    assert "DuplicateRefId" not in applied.output  # sent again, the create met its own first copy
    # the one call's entities were sent and not answered: never reported "not applied"; the fresh read
    # shows them made, so they are in place (this run's write or another writer's)
    assert "in place, answer lost (this run's write or another writer's):" in applied.output
    assert "may or may not be applied:" not in applied.output and "not applied:" not in applied.output
    assert len(api_connections(workspace)) == 1
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0


@pytest.mark.parametrize(
    ("variant", "answered"),
    [
        ("write-then-html-200", "answered 200 with a body that is not JSON (text/html"),
        ("write-then-empty-200", "answered 200 with an empty body"),
    ],
)
def test_a_write_answered_200_unreadably_may_have_been_applied(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, variant: str, answered: str
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", variant)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert answered in applied.output and "may or may not have been applied" in applied.output
    assert "in place, answer lost (this run's write or another writer's):" in applied.output
    assert "not applied:" not in applied.output
    assert "did not keep the refId" not in applied.output  # an empty answer is no answer, not a lost refId
    # The fresh read settles it: every write was made, so there is nothing to run again.
    assert (
        "Verified: a fresh read shows no changes (so each change whose outcome was unknown is in place: "
        "this run's write or another writer's)" in applied.output
    )
    assert applied.exit_code == 1 and "there is nothing to run again" in applied.stderr, applied.output
    assert len(api_connections(workspace)) == 1
    monkeypatch.delenv("IOTPLAN_SIM_VARIANTS")
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0


def test_lists_without_parents_stop_the_read_before_a_removal_that_would_not_count_them(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fifty connections are read through the lists; site-01's sensors, dropped as parentless, would
    have left its removal counting no observations and needing no --allow-destroy."""
    assert workspace.run("apply", *SITES, "--auto-approve").exit_code == 0
    site = workspace.live_entity("multi-site:site-01")
    held = workspace.live_entity("multi-site:site-01/logger/pz-1")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": held["id"], "count": 3})
    workspace.edit(SITES[2], "site-01,Aoraki dam,-39.2383,169.5085,3,true\n", "")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-without-parents")
    for command in (("plan",), ("apply", "--auto-approve")):
        stopped = workspace.run(*command, *SITES)
        assert stopped.exit_code == 1, stopped.output
        assert "/all answered /api/" in stopped.stderr and "iotplan cannot tell which" in stopped.stderr
    assert site["id"] in {node["id"] for node in api_connections(workspace)}
    assert held["id"] in {sensor["id"] for sensor in listed(workspace, "sensors")}


def test_where_lists_lack_parents_a_new_thread_site_is_written_and_its_verifying_read_says_why_it_stops(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is listed before a new THREAD site's first apply, so its writes go through; the read
    after them stops at the first logger listed without its NODE_ID, and says what that means."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-without-parents")
    applied = workspace.run("apply", "examples/thread/site.yaml", "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert "tunnel-thread: applied (10 changes)" in applied.stdout
    said = applied.stderr
    assert "the writes were sent, but the verifying plan failed: GET /api/devices/all answered /fn/" in said
    assert f"`iotplan check-platform --project {PROJECT}` fails on its A5+ line" in said
    assert "iotplan cannot manage THREAD sites in this project" in said
    assert "What is already there stays; manage it with the platform's own tools" in said


def test_a_list_in_a_new_order_for_each_page_stops_the_read_before_any_write(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages of 100 from a list in a new order each time: before, each plan found a different set of
    existing sensors missing and planned them as new."""
    assert workspace.run("apply", *SITES, "--auto-approve").exit_code == 0
    before = {kind: len(listed(workspace, kind)) for kind in ("nodes", "devices", "sensors")}
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "unstable-list-order,page-cap-100")
    for command in (("plan",), ("apply", "--auto-approve")):
        stopped = workspace.run(*command, *SITES)
        assert stopped.exit_code == 1, stopped.output
        assert "already read on an earlier page: the list's order changed" in stopped.stderr
    monkeypatch.delenv("IOTPLAN_SIM_VARIANTS")
    assert {kind: len(listed(workspace, kind)) for kind in before} == before
    assert workspace.run("plan", *SITES, "--detailed-exitcode").exit_code == 0


def test_where_an_update_replaces_props_a_rename_a_name_and_a_metric_change_converge_whole(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Lake Ellen dam - datalogger feed", "name: Lake Ellen dam")
    workspace.edit(QUICKSTART, "key: pz-1", "key: pz-main")
    workspace.edit(QUICKSTART, "name: Crack meter CM-1", "name: Crack meter CM-1 (renamed)")
    workspace.edit(QUICKSTART, "                  - {metric: cum_distance, unit: mm}\n", "")
    (workspace.path / QUICKSTART).write_text(
        (workspace.path / QUICKSTART).read_text()
        + "moved:\n  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-main}\n"
    )
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
    notes = "Installed by the 2026 instrumentation contract"
    connection = workspace.live_entity("quickstart:dam-a")["props"]
    assert connection["NAME"] == "Lake Ellen dam" and connection["LOCATION"]["coordinates"][0] == 174.78
    moved = workspace.live_entity("quickstart:dam-a/logger-1/pz-main")["props"]
    assert (moved["NAME"], moved["NOTES"]) == ("Piezometer PZ-1", notes)
    assert moved["UNKNOWN_METRICS"] == {"0": "pore_pressure", "1": "temperature_raw"}
    crack = workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["props"]
    assert (crack["NAME"], crack["NOTES"]) == ("Crack meter CM-1 (renamed)", notes)
    assert (crack["KNOWN_METRICS"], crack["KNOWN_UNITS"]) == ({"0": "f"}, {"0": "Hz"})
    assert crack["INTEGRATION_ID"] == "GENERIC_SENSOR_SDE"


def test_where_an_update_replaces_props_a_device_carrying_a_new_sensor_stays_whole_and_found(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unchanged device sent to reach a new sensor, or a replaced one's removal, went with empty
    props: replaced by nothing, it lost its refId, name and location, and the next plan was refused."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    before = {ref: workspace.live_entity(f"quickstart:dam-a/{ref}") for ref in ("logger-1", "weather")}
    workspace.edit(QUICKSTART, "          - key: weather\n", NEW_CRACK_METER + "          - key: weather\n")
    workspace.edit(QUICKSTART, "template: TEMPERATURE_SDE", "template: MOISTURE_SDE")
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
    for ref, was in before.items():
        now = workspace.live_entity(f"quickstart:dam-a/{ref}")
        assert now["id"] == was["id"]
        assert {k: now["props"].get(k) for k in ("NAME", "LOCATION")} == {
            k: was["props"].get(k) for k in ("NAME", "LOCATION")
        }
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-2")["props"]["NAME"] == "Crack meter CM-2"


def test_where_an_update_replaces_props_a_device_sent_as_it_stands_loses_masked_notes_and_says_so(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Notes holding a URL's password are shown `(sensitive)`: a device sent only to reach a new sensor
    leaves them out, never writes the mask back. A platform whose update replaces props then drops them:
    iotplan cannot send what it does not hold, so it says which device and field go unsent."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")
    notes = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": {"NOTES": WIKI}}
    workspace.integrate({"integration": {"nodeId": node["id"], "devices": [notes]}})
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces")
    workspace.edit(QUICKSTART, "          - key: weather\n", NEW_CRACK_METER + "          - key: weather\n")
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    said = "dam-a/logger-1: sent as it stands to reach its sensors, without its notes"  # on stderr
    assert said in caplog.text
    logger = workspace.live_entity("quickstart:dam-a/logger-1")["props"]
    assert "NOTES" not in logger and "(sensitive)" not in json.dumps(logger)  # dropped, never masked
    assert "hunter2" not in applied.output
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0


WIKI = "wiki https://admin:hunter2-pass@wiki.example.com"
NEW_CRACK_METER = (
    "              - key: crack-2\n"
    "                name: Crack meter CM-2\n"
    "                metrics: [{metric: f, unit: Hz}]\n"
)


def test_where_a_refused_call_keeps_its_first_entries_they_are_reported_applied_in_text_and_json(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, all three changes were "not applied" (0 changes applied), though the rename and the
    new sensor were made: only the removal the platform refused was not."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Crest datalogger", "name: Crest datalogger v2")
    workspace.edit(QUICKSTART, "          - key: weather\n", NEW_CRACK_METER + "          - key: weather\n")
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text[: text.index("          - key: weather\n")])
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "integrate-partial,no-cascade")  # a removal with sensors: 422
    database = workspace.path / ".iotplan" / "sim.db"
    before = _copied(database, workspace.path / "before.db")
    shown = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    _copied(before, database)
    as_json = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy", "--format", "json")
    assert shown.exit_code == as_json.exit_code == 1, shown.output
    [outcome] = json.loads(as_json.stdout)["outcomes"]
    made = ["dam-a/logger-1", "dam-a/logger-1/crack-2"]
    assert (outcome["applied"], outcome["not_applied"], outcome["outcome_unknown"]) == (
        made,
        ["dam-a/weather"],
        [],
    )
    assert "Read back, the connection shows 2 of the call's 3 changes made" in outcome["message"]
    assert outcome["message"] in shown.output
    assert (
        "    applied: dam-a/logger-1, dam-a/logger-1/crack-2\n    not applied: dam-a/weather\n"
        in shown.output
    )
    assert (
        "Apply incomplete: 2 changes applied (1 added, 1 changed, 0 destroyed); 1 write request sent."
        in shown.output
    )


def _copied(source: Path, target: Path) -> Path:
    """A copy of the emulator's database (in WAL mode: copied by SQLite, not as a file)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as read,
        contextlib.closing(sqlite3.connect(target)) as write,
    ):
        read.backup(write)
    return target


def test_a_replacement_is_not_created_again_while_its_removal_is_not_made(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    weather = workspace.live_entity("quickstart:dam-a/weather")["id"]
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "remove-deferred")
    stopped = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert stopped.exit_code == 1, stopped.output
    assert "the removal was answered but dam-a/weather is still there; not re-created" in stopped.output
    assert "DuplicateRefId" not in stopped.output  # the re-creation was never sent
    assert "may or may not be applied: dam-a/weather" in stopped.output
    rerun = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert rerun.exit_code == 0, rerun.output
    recreated = workspace.live_entity("quickstart:dam-a/weather")
    assert recreated["id"] != weather and recreated["props"]["INTEGRATION_ID"] == "IMPORT_DEVICE_SDE"
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0


def test_where_a_new_connection_keeps_neither_its_ref_id_nor_its_props_a_rerun_makes_no_second_copy(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The platform as the vendor's integrate page shows it: a connection made without refId and props
    is named `Data Source API Import {hex}`, SERIAL_NO hex; a device's SERIAL_NO is a UUID. Nothing the
    first apply made is found by refId, name or the A1++ check: once, each rerun made a full copy."""
    variants = "connection-refid-ignored,connection-props-ignored,serial-is-uuid"
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", variants)
    first = workspace.run("apply", QUICKSTART, "--auto-approve")
    [made] = api_connections(workspace)
    rerun = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert api_connections(workspace) == [made], rerun.output
    assert first.exit_code == 1 and "`iotplan plan` shows what a rerun would do" in first.stderr, first.output
    assert rerun.exit_code == 1 and "no safe plan exists" in rerun.stderr, rerun.output
    assert f"named 'Data Source API Import {made['props']['SERIAL_NO']}' is not claimed" in rerun.stderr
    assert f"adopt it with `id: {made['id']}`" in rerun.stderr


def test_where_device_ref_ids_are_not_serials_a_device_without_a_name_is_not_created_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(
        QUICKSTART,
        "          - key: weather\n",
        "          - key: extra\n            sensors:\n              - key: s1\n"
        "                template: TEMPERATURE_SDE\n          - key: weather\n",
    )
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "serial-is-uuid")
    first = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert first.exit_code == 1 and "if its A1 line fails, iotplan cannot manage" in first.output, (
        first.output
    )
    assert "Adopt what was created with `ref_id:" not in first.output
    extra = next(d for d in listed(workspace, "devices") if "NAME" not in d["props"])
    rerun = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert rerun.exit_code == 1 and "no safe plan exists" in rerun.stderr, rerun.output
    assert f"but device {extra['id']} (IMPORT_DEVICE_SDE, no name" in rerun.stderr
    assert "DuplicateRefId" not in rerun.output  # the creation was never sent
    assert len(listed(workspace, "devices")) == DECLARED["devices"] + 1
