"""A saved plan removes a connection dropped from the manifest, and a colleague's web-app copy of a
declared device sits under it. The apply of the saved plan takes the copy only where the plan's
review named it: a plan saved by an iotplan that did not name copies (format 1.5), or saved before
the copy was made, is refused as not reviewed, and nothing is removed (README, Saved plans)."""

from __future__ import annotations

import copy
import dataclasses
import json

from iotplan.plan.impact import impact_of
from iotplan.render import plan_from_dict
from tests.e2e.conftest import PROJECT, Workspace

STACK = "cq"
MANIFEST = "site.yaml"
OBSERVATIONS = 42
DROPPED = """\
      - key: b
        name: CQ Beta
        devices:
          - key: e
            name: CQ Dev B
            sensors:
              - {key: t, name: Sensor T, template: TEMPERATURE_SDE}
"""
SITE = f"""\
apiVersion: iotplan/v1
stack: {STACK}
projects:
  - id: {PROJECT}
    nodes:
      - key: a
        name: CQ Alpha
        devices:
          - key: d
            name: CQ Dev A
            sensors:
              - {{key: s, name: Sensor S, template: TEMPERATURE_SDE}}
{DROPPED}"""


def dropped(workspace: Workspace) -> Workspace:
    """The stack applied with connections a and b, then b dropped from the manifest."""
    (workspace.path / MANIFEST).write_text(SITE)
    assert workspace.run("apply", MANIFEST, "--auto-approve").exit_code == 0
    workspace.edit(MANIFEST, DROPPED, "")
    return workspace


def copied(workspace: Workspace) -> None:
    """Device a/d copied in the web app under connection b, its sensor's copy holding history."""
    ref_id = f"{STACK}:a/d"
    sensor = {"changeState": "new", "refId": f"{ref_id}/s", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    copy = {"changeState": "new", "refId": ref_id, "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"}}
    workspace.integrate_under(f"{STACK}:b", [{**copy, "sensors": [sensor]}])
    away = workspace.live_entity(f"{STACK}:b")["id"]
    live = workspace.api("GET", "/api/sensors/all", params={"projectIds": PROJECT, "pageSize": 1000})
    [copy_sensor] = [
        each for each in live if each["props"].get("SERIAL_NO") == f"{ref_id}/s" and away in each["id"]
    ]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": copy_sensor["id"], "count": OBSERVATIONS})


def saved(workspace: Workspace) -> dict[str, object]:
    assert workspace.run("plan", MANIFEST, "--out", "plan.json").exit_code == 0
    return dict(json.loads((workspace.path / "plan.json").read_text()))


def as_saved_by_an_older_iotplan(plan: dict[str, object]) -> None:
    """The plan as iotplan wrote it in format 1.5: no read time, no copies named, its impact
    estimated without the record of which counts JSON-RPC gave (1.18)."""
    read = plan_from_dict(copy.deepcopy(plan))
    plan["impact"] = dataclasses.asdict(impact_of(dataclasses.replace(read, format_version="1.5")))
    plan["format_version"] = "1.5"
    del plan["read_at"]
    for change in plan["changes"]:  # type: ignore[attr-defined]
        change.pop("copies_taken", None)
        change.pop("counted_through_rpc", None)


def applied(workspace: Workspace) -> tuple[int, str]:
    result = workspace.run("apply", "plan.json", "--allow-destroy")
    return result.exit_code, result.stderr


def still_there(workspace: Workspace) -> bool:
    return bool(workspace.live_entity(f"{STACK}:b"))


def test_a_plan_saved_by_an_iotplan_that_did_not_name_copies_is_refused_naming_the_copy(
    workspace: Workspace,
) -> None:
    copied(dropped(workspace))
    plan = saved(workspace)
    as_saved_by_an_older_iotplan(plan)
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    code, said = applied(workspace)
    assert code == 1, said
    assert "this plan (format 1.5) was saved by an iotplan that did not name the web-app copies" in said
    device = f"b/d, a copy of a/d (refId '{STACK}:a/d'): {OBSERVATIONS} observations"
    assert f"remove b takes {device}; b/d/s, a copy of a/d/s (refId '{STACK}:a/d/s')" in said
    assert "Run iotplan plan again to review it" in said
    assert still_there(workspace)


def test_a_plan_saved_before_the_copy_was_made_is_refused_naming_the_copy(workspace: Workspace) -> None:
    dropped(workspace)
    saved(workspace)
    copied(workspace)
    code, said = applied(workspace)
    assert code == 1, said
    assert "the plan now takes web-app copies of declared entities that its review did not show" in said
    assert "a copy of a/d (refId" in said
    assert still_there(workspace)


def test_a_plan_whose_removal_records_the_copy_is_applied(workspace: Workspace) -> None:
    copied(dropped(workspace))
    [removal] = [change for change in saved(workspace)["changes"] if change["action"] == "remove"]  # type: ignore[attr-defined]
    assert removal["copies_taken"], removal
    code, said = applied(workspace)
    assert code == 0, said
    live = workspace.api("GET", "/api/nodes/all", params={"projectIds": PROJECT, "pageSize": 1000})
    assert f"{STACK}:b" not in [node["props"].get("SERIAL_NO") for node in live]


TWO_DEVICES = f"""\
apiVersion: iotplan/v1
stack: {STACK}
projects:
  - id: {PROJECT}
    nodes:
      - key: a
        name: CQ Alpha
        devices:
          - key: d
            name: CQ Dev A
            sensors:
              - {{key: s, name: Sensor S, template: TEMPERATURE_SDE}}
          - key: x
            name: CQ Dev X
            sensors:
              - {{key: t, name: Sensor T, template: TEMPERATURE_SDE}}
"""


def replaced_over_a_copy(workspace: Workspace) -> str:
    """Devices a/d and a/x applied; a colleague's web-app copy of a/x/t made under a/d holds
    history; then a/d's data model changes, so the plan replaces a/d and the copy goes with it.
    Gives the copy's id."""
    (workspace.path / MANIFEST).write_text(TWO_DEVICES)
    assert workspace.run("apply", MANIFEST, "--auto-approve").exit_code == 0
    sensor = {"changeState": "new", "refId": f"{STACK}:a/x/t", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    device = {"changeState": "update", "refId": f"{STACK}:a/d", "props": {}, "sensors": [sensor]}
    workspace.integrate(
        {"integration": {"nodeId": workspace.live_entity(f"{STACK}:a")["id"], "devices": [device]}}
    )
    under = workspace.live_entity(f"{STACK}:a/d")["id"]
    live = workspace.api("GET", "/api/sensors/all", params={"projectIds": PROJECT, "pageSize": 1000})
    [copy] = [
        each for each in live if each["props"].get("SERIAL_NO") == f"{STACK}:a/x/t" and under in each["id"]
    ]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": copy["id"], "count": OBSERVATIONS})
    workspace.edit(
        MANIFEST,
        "            name: CQ Dev A\n",
        "            name: CQ Dev A\n            template: DEMO_DEVICE_SDE\n",
    )
    return str(copy["id"])


def test_a_plan_saved_without_the_copy_its_replacement_takes_is_refused_naming_the_copy(
    workspace: Workspace,
) -> None:
    copy_id = replaced_over_a_copy(workspace)
    plan = saved(workspace)
    [replacement] = [change for change in plan["changes"] if change["action"] == "replace"]  # type: ignore[attr-defined]
    assert replacement["copies_taken"], replacement
    as_saved_by_an_older_iotplan(plan)
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    result = workspace.run("apply", "plan.json", "--allow-destroy", "--allow-data-model-change")
    assert result.exit_code == 1, result.stderr
    assert "did not name the web-app copies" in result.stderr
    copy = f"a/d/t, a copy of a/x/t (refId '{STACK}:a/x/t'): {OBSERVATIONS} observations"
    assert f"replace a/d takes {copy}" in result.stderr
    live = workspace.api("GET", "/api/sensors/all", params={"projectIds": PROJECT, "pageSize": 1000})
    assert copy_id in [each["id"] for each in live]
