"""A connection whose refId folds like the one a `moved` entry renames from (`st:OLD`, `st:old ` or
`st:ｏｌｄ` beside `st:old`, with `moved: [{from: old, to: c3}]`) may be, to a platform whose collation
joins them, the connection being renamed: plan and drift list it as a copy of c3, in one run and in
the shard holding c3, and never remove it. The read and the diff used to hold two lists of declared
connections, the read's with the refIds renamed from, the diff's without: the read claimed
`st:ｏｌｄ` and the diff then skipped it (not a copy, not an orphan: what it held never looked at),
while `st:OLD` was planned for removal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from iotplan.clients.target import TARGET_VARIABLES
from tests.e2e.conftest import PROJECT, Workspace
from tests.plan.test_connection_look_alikes_beyond_case_are_copies import SITE, connection, live_nodes

MANIFEST = "site.yaml"
TWINS = ("st:OLD", "st:old ", "st:\uff4f\uff4c\uff44")
MOVED = "moved:\n  - {from: old, to: c3}\n"


@pytest.fixture
def platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """The CLI against the embedded platform in a temporary folder, as tests/e2e runs it."""
    monkeypatch.chdir(tmp_path)
    for name in TARGET_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    (tmp_path / MANIFEST).write_text(SITE + MOVED)
    yield Workspace(tmp_path)


def seeded(platform: Workspace, twin: str, holding: int = 0) -> None:
    """`st:old` as applied before the rename (9 observations), its twin beside it; holding, the twin
    carries the stack's device `st:c3/d2` (a sensor with `holding` observations)."""
    other = connection(twin, holding)
    if holding:
        other["devices"][0]["ref_id"] = "st:c3/d2"
        other["devices"][0]["sensors"][0]["ref_id"] = "st:c3/d2/s"
    seed = {
        "projects": [{"id": PROJECT, "name": "P1"}],
        "api_keys": [{"key": "demo-key", "projects": "*"}],
        "networks": [{"project": PROJECT, "connections": [connection("st:old", 9), other]}],
    }
    platform.api("POST", "/_sim/reset", json=seed)


def planned(platform: Workspace, *options: str) -> dict[str, str]:
    """What the plan changes (no-ops aside), by address: its action."""
    result = platform.run("plan", MANIFEST, "--format", "json", *options)
    assert result.exit_code in (0, 2), result.output
    changes = json.loads(result.stdout)["changes"]
    return {c["address"]: c["action"] for c in changes if c["action"] != "no-op"}


def twin_address(platform: Workspace, twin: str) -> str:
    short_id = next(n["id"].split("/")[2] for n in live_nodes(platform) if n["props"]["SERIAL_NO"] == twin)
    return f"c3#{short_id}"


RENAME = {"c3": "update", "c3/d": "update", "c3/d/s": "update"}


@pytest.mark.parametrize("twin", TWINS)
def test_the_plan_lists_a_twin_of_the_refid_renamed_from_as_a_copy(platform: Workspace, twin: str) -> None:
    seeded(platform, twin)
    assert planned(platform) == {**RENAME, twin_address(platform, twin): "duplicate"}
    shown = platform.run("plan", MANIFEST).stdout
    assert "a copy of c3 (its refId before the `moved` rename, 'st:old')" in shown
    assert "0 to destroy, 1 duplicate" in shown


def test_what_a_twin_holds_is_kept_with_it_and_drift_reports_it(platform: Workspace) -> None:
    seeded(platform, TWINS[2], holding=4)
    copy = twin_address(platform, TWINS[2])
    assert planned(platform) == {**RENAME, copy: "duplicate"}
    assert "holding 4 observations" in platform.run("plan", MANIFEST).stdout
    drift = platform.run("drift", MANIFEST, "--format", "json")
    report = json.loads(drift.stdout)
    assert [e["serial"] for e in report["entries"] if e["status"] == "DUPLICATE"] == [TWINS[2]]


@pytest.mark.parametrize("twin", [TWINS[0], TWINS[2]])
def test_each_shard_lists_it_as_one_run_does(platform: Workspace, twin: str) -> None:
    seeded(platform, twin, holding=4)
    whole = planned(platform)
    assert whole == {**RENAME, twin_address(platform, twin): "duplicate"}
    shards = [planned(platform, "--shard", f"{index}/3") for index in (1, 2, 3)]
    assert sorted(address for each in shards for address in each) == sorted(whole)
    assert {k: v for each in shards for k, v in each.items()} == whole


def test_apply_removes_no_twin(platform: Workspace) -> None:
    seeded(platform, TWINS[0])
    applied = platform.run("apply", MANIFEST, "--auto-approve", "--allow-destroy", "--prune-unmanaged")
    assert applied.exit_code == 0, applied.output
    assert sorted(node["props"]["SERIAL_NO"] for node in live_nodes(platform)) == sorted(["st:c3", TWINS[0]])
