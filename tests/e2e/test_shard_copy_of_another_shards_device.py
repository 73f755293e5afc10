"""A colleague copies a declared device in the web app under a connection that another shard of the
matrix holds. One run keeps the copy as a duplicate and writes nothing by the refId both
carry; so do the shards: the one holding the copy never plans its removal (its history with it),
the one declaring the device refuses to write by that refId, and merged drift says DUPLICATE.

The connection keys are picked through the project's own shard function; the shard declaring the
device holds one connection (each read on its own) or three (the project's lists are cheaper)."""

from __future__ import annotations

import json

import pytest

from iotplan.plan.coverage import shard_of
from tests.e2e.conftest import PROJECT, Workspace

STACK = "copies"
MANIFEST = "site.yaml"
OBSERVATIONS = 50
METRICS = "defaults:\n  sensor:\n    metrics:\n      - {custom_metric: water_level, unit: m}\n"


def keys_of_shard(index: int, count: int) -> list[str]:
    return [key for key in (f"c{n}" for n in range(1, 60)) if shard_of(key, 2) == index][:count]


def manifest(home: list[str], away: str, device_name: str = "Logger") -> str:
    nodes = "".join(
        f"""\
      - key: {key}
        name: "Conn {key}"
        devices:
          - key: d1
            name: "{device_name if key == home[0] else "Logger " + key}"
            sensors:
              - {{key: s1, name: "Level {key}"}}
"""
        for key in (*home, away)
    )
    return (
        f"apiVersion: iotplan/v1\nstack: {STACK}\n{METRICS}projects:\n  - id: {PROJECT}\n    nodes:\n{nodes}"
    )


def copied(workspace: Workspace, declaring: int) -> tuple[str, str]:
    """The fleet applied, then device d1 of the first connection of shard 1 copied under the one
    connection of shard 2, with observations on the copy's sensor. Its address and the copy's refId."""
    home, [away] = keys_of_shard(1, declaring), keys_of_shard(2, 1)
    (workspace.path / MANIFEST).write_text(manifest(home, away))
    assert workspace.run("apply", MANIFEST, "--auto-approve").exit_code == 0
    original = f"{home[0]}/d1"
    ref_id = f"{STACK}:{original}"
    sensor = {
        "changeState": "new",
        "refId": f"{ref_id}/s1",
        "props": {"INTEGRATION_ID": "GENERIC_SENSOR_SDE"},
    }
    copy = {"changeState": "new", "refId": ref_id, "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"}}
    workspace.integrate_under(f"{STACK}:{away}", [{**copy, "sensors": [sensor]}])
    live = workspace.api("GET", "/api/sensors/all", params={"projectIds": PROJECT, "pageSize": 1000})
    [copied_sensor] = [
        each
        for each in live
        if each["props"].get("SERIAL_NO") == f"{ref_id}/s1" and away_id(workspace, away) in each["id"]
    ]
    body = {"sensor_id": copied_sensor["id"], "count": OBSERVATIONS}
    workspace.api("POST", "/_sim/observations", json=body)
    return original, ref_id


def away_id(workspace: Workspace, away: str) -> str:
    return str(workspace.live_entity(f"{STACK}:{away}")["id"])


def carriers(workspace: Workspace, ref_id: str) -> int:
    live = workspace.api("GET", "/api/devices/all", params={"projectIds": PROJECT, "pageSize": 1000})
    return sum(each["props"].get("SERIAL_NO") == ref_id for each in live)


def shard_plans(workspace: Workspace, *options: str) -> list[str]:
    paths = []
    for index in (1, 2):
        path = f"plan-{index}.json"
        result = workspace.run("plan", MANIFEST, "--shard", f"{index}/2", "--out", path, *options)
        assert result.exit_code == 0, result.output
        paths.append(path)
    return paths


@pytest.mark.parametrize("declaring", [1, 3])
def test_the_merged_plan_keeps_the_copy_even_with_allow_destroy(workspace: Workspace, declaring: int) -> None:
    original, ref_id = copied(workspace, declaring)
    merged = workspace.run("merge", *shard_plans(workspace), "--out", "merged.json", "--format", "json")
    assert merged.exit_code == 0, merged.output  # nothing to change: a duplicate is no change
    [copy] = [change for change in json.loads(merged.stdout)["changes"] if change["action"] == "duplicate"]
    assert copy["live_ref_id"] == ref_id and copy["reason"].startswith(f"a copy of {original} "), copy
    applied = workspace.run("apply", "merged.json", "--allow-destroy")
    assert applied.exit_code == 0, applied.output
    assert carriers(workspace, ref_id) == 2


@pytest.mark.parametrize("declaring", [1, 3])
def test_the_declaring_shard_writes_nothing_by_the_refid_the_copy_carries(
    workspace: Workspace, declaring: int
) -> None:
    original, _ = copied(workspace, declaring)
    home, [away] = keys_of_shard(1, declaring), keys_of_shard(2, 1)
    (workspace.path / MANIFEST).write_text(manifest(home, away, device_name="Logger renamed"))
    whole = workspace.run("plan", MANIFEST)
    declaring_shard = workspace.run("plan", MANIFEST, "--shard", "1/2")
    for refused in (whole, declaring_shard):
        assert refused.exit_code == 1, refused.output
        assert f"{original}: would update by its refId " in refused.stderr


def test_merged_drift_reports_the_copy_once_as_a_duplicate(workspace: Workspace) -> None:
    original, _ = copied(workspace, 1)
    paths = []
    for index in (1, 2):
        path = f"drift-{index}.json"
        result = workspace.run("drift", MANIFEST, "--shard", f"{index}/2", "--out", f"json={path}")
        assert result.exit_code in (0, 2), result.output
        paths.append(path)
    merged = workspace.run("merge", *paths, "--format", "json")
    entries = json.loads(merged.stdout)["entries"]
    [copy] = [entry for entry in entries if entry["status"] != "IN_SYNC"]
    assert copy["status"] == "DUPLICATE" and f"a copy of {original} " in json.dumps(copy), copy
