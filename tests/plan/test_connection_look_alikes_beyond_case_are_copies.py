"""A connection whose refId folds as a declared one's (fold_ref_id) in more than case, `st:c３`
(full-width 3), `st:c3 ` (a trailing blank) or `st:c\u200b3` (a zero-width space) beside declared
`st:c3`, may be that connection to the platform, as the case twin `st:C3` may: each is read and
listed as its copy by plan and drift, in one run and in the shard holding c3, and never removed,
--prune-unmanaged or not. None matches the keys a manifest writes, so the read used to leave them
out: the plan said "No changes" while the project held what the platform may take for c3."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from iotplan.clients.target import TARGET_VARIABLES
from tests.e2e.conftest import PROJECT, Workspace

MANIFEST = "site.yaml"
DECLARED = "st:c3"
LOOK_ALIKES = ("st:c\uff13", "st:c3 ", "st:c\u200b3")
CASE_TWIN = "st:C3"
COPIES = 4  # the look-alikes and the case twin


@pytest.fixture
def platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """The CLI against the embedded platform in a temporary folder, as tests/e2e runs it."""
    monkeypatch.chdir(tmp_path)
    for name in TARGET_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    workspace = Workspace(tmp_path)
    seeded(workspace)
    (tmp_path / MANIFEST).write_text(SITE)
    yield workspace


def connection(ref_id: str, observations: int = 0) -> dict[str, Any]:
    """A connection named Creek; holding device `d` and its sensor `s` when it holds observations."""
    if not observations:
        return {"ref_id": ref_id, "props": {"NAME": "Creek"}, "devices": []}
    sensor = {"ref_id": f"{ref_id}/d/s", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": "s"}}
    device = {"ref_id": f"{ref_id}/d", "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "d"}}
    device["sensors"] = [{**sensor, "observations": observations}]
    return {"ref_id": ref_id, "props": {"NAME": "Creek"}, "devices": [device]}


def seeded(platform: Workspace) -> None:
    """The fuzzer's seed e3 (fz61), a zero-width twin added: c3 as applied, its copies beside it."""
    copies = [connection(LOOK_ALIKES[0], 5), *map(connection, (*LOOK_ALIKES[1:], CASE_TWIN))]
    seed = {
        "projects": [{"id": PROJECT, "name": "P1"}],
        "api_keys": [{"key": "demo-key", "projects": "*"}],
        "networks": [{"project": PROJECT, "connections": [connection(DECLARED, 9), *copies]}],
    }
    platform.api("POST", "/_sim/reset", json=seed)


SITE = f"""\
apiVersion: iotplan/v1
stack: st
projects:
  - id: {PROJECT}
    nodes:
      - key: c3
        kind: api
        name: Creek
        devices:
          - key: d
            name: d
            sensors:
              - {{key: s, name: s, template: TEMPERATURE_SDE}}
"""


def planned(platform: Workspace, *options: str) -> dict[str, str]:
    """What the plan changes (no-ops aside), by address: its action."""
    result = platform.run("plan", MANIFEST, "--format", "json", *options)
    assert result.exit_code in (0, 2), result.output
    changes = json.loads(result.stdout)["changes"]
    return {c["address"]: c["action"] for c in changes if c["action"] != "no-op"}


def copy_serials(platform: Workspace, changes: dict[str, str]) -> list[str]:
    """The refIds of the connections `changes` lists as copies of c3."""
    by_short_id = {node["id"].split("/")[2]: node["props"]["SERIAL_NO"] for node in live_nodes(platform)}
    assert all(address.startswith("c3#") and action == "duplicate" for address, action in changes.items())
    return sorted(by_short_id[address.removeprefix("c3#")] for address in changes)


def live_nodes(platform: Workspace) -> list[dict[str, Any]]:
    return list(platform.api("GET", "/api/nodes/all", params={"projectId": PROJECT}))


ALL_COPIES = sorted((*LOOK_ALIKES, CASE_TWIN))


@pytest.mark.parametrize("options", [(), ("--prune-unmanaged",)], ids=["plan", "prune-unmanaged"])
def test_plan_lists_every_look_alike_as_a_copy_and_removes_none(
    platform: Workspace, options: tuple[str, ...]
) -> None:
    changes = planned(platform, *options)
    assert copy_serials(platform, changes) == ALL_COPIES


def test_the_reason_names_how_the_refids_differ(platform: Workspace) -> None:
    shown = platform.run("plan", MANIFEST).stdout
    assert f"{COPIES} duplicate" in shown and "0 to destroy" in shown
    assert '(refId "st:c\\uff13", holding 5 observations)' in shown
    assert "a copy of c3 differing only in invisible characters or trailing blanks" in shown
    assert "a copy of c3 in another case (refId 'st:C3'" in shown  # a case twin, as before


def test_drift_lists_every_look_alike_as_a_duplicate(platform: Workspace) -> None:
    result = platform.run("drift", MANIFEST, "--format", "json")
    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["DUPLICATE"] == COPIES
    duplicates = [entry["serial"] for entry in report["entries"] if entry["status"] == "DUPLICATE"]
    assert sorted(duplicates) == ALL_COPIES


def test_each_shard_lists_them_as_one_run_does(platform: Workspace) -> None:
    whole = planned(platform)
    shards = [planned(platform, "--shard", f"{index}/2") for index in (1, 2)]
    assert sorted(address for each in shards for address in each) == sorted(whole)
    assert {**shards[0], **shards[1]} == whole
    assert copy_serials(platform, whole) == ALL_COPIES


def test_apply_with_prune_unmanaged_removes_none_of_them(platform: Workspace) -> None:
    applied = platform.run("apply", MANIFEST, "--auto-approve", "--allow-destroy", "--prune-unmanaged")
    assert applied.exit_code == 0, applied.output
    serials = sorted(node["props"]["SERIAL_NO"] for node in live_nodes(platform))
    assert serials == sorted((DECLARED, *ALL_COPIES))
