"""The stack's connection whose refId spells a declared one's in another case (`qs:DAM-A` beside
declared `dam-a`) is a copy of it (plan/diff.py), and goes with it in every shard of a matrix: the
shards refuse a creation beside it and report it as one run does, their plans and drift reports
merge, and --target and --exclude on `dam-a` take its copy along, in one run as in a shard. `dam-a`
lands in shard 2/2 and 2/3, `DAM-A` in 1/2 and 3/3 (iotplan/plan/coverage.py `shard_of`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from iotplan.clients.target import TARGET_VARIABLES
from iotplan.plan.coverage import shard_of
from tests.e2e.conftest import PROJECT, Workspace

STACK = "qs"
MANIFEST = "site.yaml"
TWIN = f"{STACK}:DAM-A"
MATRICES = (2, 3)

Changes = list[tuple[str, str]]


@pytest.fixture
def platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """The CLI against the embedded platform in a temporary folder, as tests/e2e runs it."""
    monkeypatch.chdir(tmp_path)
    for name in TARGET_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield Workspace(tmp_path)


def site(*keys: str) -> str:
    nodes = "".join(f"      - {{key: {key}, kind: api, name: Conn {key}}}\n" for key in keys)
    return f"apiVersion: iotplan/v1\nstack: {STACK}\nprojects:\n  - id: {PROJECT}\n    nodes:\n{nodes}"


def declared(platform: Workspace) -> None:
    (platform.path / MANIFEST).write_text(site("dam-a", "other-1", "other-2"))


def shards(count: int) -> list[str]:
    return [f"{index}/{count}" for index in range(1, count + 1)]


def planned(platform: Workspace, *options: str) -> tuple[str, Changes]:
    """How the plan ends (its refusal's first problem, or "planned"), and its changes."""
    result = platform.run("plan", MANIFEST, "--format", "json", *options)
    if result.exit_code not in (0, 2):
        return next(line.strip() for line in result.stderr.splitlines() if line.startswith("  ")), []
    return "planned", sorted((c["address"], c["action"]) for c in json.loads(result.stdout)["changes"])


def agreeing(platform: Workspace, *options: str) -> tuple[str, Changes]:
    """One run's verdict, after checking that the shards of each matrix give it between them: its
    refusal from the one shard that holds dam-a, its changes each from exactly one shard."""
    whole = planned(platform, *options)
    for count in MATRICES:
        verdicts = [planned(platform, *options, "--shard", shard) for shard in shards(count)]
        refusals = [ended for ended, _ in verdicts if ended != "planned"]
        assert refusals == ([whole[0]] if whole[0] != "planned" else []), (count, verdicts, whole)
        if whole[0] == "planned":
            assert sorted(change for _, changes in verdicts for change in changes) == whole[1], count
    return whole


def test_no_shard_creates_a_connection_beside_its_twin_in_another_case(platform: Workspace) -> None:
    assert shard_of("dam-a", 2) != shard_of("DAM-A", 2) and shard_of("dam-a", 3) != shard_of("DAM-A", 3)
    (platform.path / MANIFEST).write_text(site("DAM-A"))
    assert platform.run("apply", MANIFEST, "--auto-approve").exit_code == 0
    declared(platform)
    refused, _ = agreeing(platform)
    assert refused.startswith(f"{MANIFEST}:6:9: dam-a: not found by its refId 'qs:dam-a', but node ")
    dam_a = f"--shard={shard_of('dam-a', 2)}/2"
    assert platform.run("apply", MANIFEST, dam_a, "--auto-approve").exit_code == 1
    with pytest.raises(KeyError):
        platform.live_entity(f"{STACK}:dam-a")


@pytest.fixture
def twin(platform: Workspace) -> str:
    """dam-a applied, then `qs:DAM-A` made beside it behind iotplan's back: the copy's address."""
    declared(platform)
    assert platform.run("apply", MANIFEST, "--auto-approve").exit_code == 0
    made = {"integration": {"changeState": "new", "refId": TWIN, "props": {"NAME": "twin"}}}
    platform.integrate(made)
    return f"dam-a#{platform.live_entity(TWIN)['id'].split('/')[2]}"


def test_every_shard_reports_the_twin_as_one_run_does(platform: Workspace, twin: str) -> None:
    assert agreeing(platform) == ("planned", [("dam-a", "no-op"), (twin, "duplicate"), *_OTHERS])


_OTHERS = [("other-1", "no-op"), ("other-2", "no-op")]


def merged(platform: Workspace, command: str, count: int) -> Any:
    """Every shard's plan or drift report of a split of `count`, saved and merged."""
    files = []
    for shard in shards(count):
        files.append(f"{command}-{shard.replace('/', '-')}.json")
        assert platform.run(command, MANIFEST, "--shard", shard, "--out", files[-1]).exit_code in (0, 2)
    result = platform.run("merge", *files, "--format", "json")
    assert result.exit_code in (0, 2), result.stderr
    return json.loads(result.stdout)


def test_the_shards_plans_and_drift_reports_holding_the_twin_merge(platform: Workspace, twin: str) -> None:
    # A split where the copy's address itself hashes elsewhere than dam-a: judged so, it was refused.
    count = next(n for n in range(2, 17) if shard_of(twin, n) != shard_of("dam-a", n))
    changes = merged(platform, "plan", count)["changes"]
    assert sorted((c["address"], c["action"]) for c in changes) == planned(platform)[1]
    entries = merged(platform, "drift", count)["entries"]
    assert twin in {entry["address"] for entry in entries}


def test_fences_on_the_connection_take_its_twin_along(platform: Workspace, twin: str) -> None:
    assert agreeing(platform, "--exclude", "dam-a") == ("planned", _OTHERS)
    assert agreeing(platform, "--target", "dam-a") == ("planned", [("dam-a", "no-op"), (twin, "duplicate")])
