"""--shard i/n and merge, as a CI matrix runs them: the shards' plans merged are the plan of one
run; each shard changes nothing outside it; merge refuses what is not one whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from iotplan.plan.coverage import Shard
from tests.e2e.conftest import QUICKSTART, Workspace

TEMPLATE = "examples/multi-site/site.yaml.j2"
HEADER = "site,name,lat,lon,piezometers,weather_station\n"
SITES = [
    f"site-{index:02d},Dam {index},-41.{index},174.{index},2,{'true' if index % 3 == 0 else ''}"
    for index in range(1, 10)
]
FLEET = (TEMPLATE, "--sites", "sites.csv")


def write_sites(workspace: Workspace, rows: list[str]) -> None:
    (workspace.path / "sites.csv").write_text(HEADER + "\n".join(rows) + "\n")


def applied_fleet(workspace: Workspace) -> None:
    write_sites(workspace, SITES)
    result = workspace.run("apply", *FLEET, "--auto-approve")
    assert result.exit_code == 0, result.output


def changed_fleet(workspace: Workspace) -> None:
    """One site gone (the stack's, undeclared now), one renamed, one new."""
    applied_fleet(workspace)
    rows = [row for row in SITES if not row.startswith("site-04,")]
    rows = [row.replace("Dam 7,", "Dam seven,") for row in rows] + ["site-10,Dam 10,-41.1,174.1,2,"]
    write_sites(workspace, rows)


def shard_plans(workspace: Workspace, count: int, *options: str) -> list[str]:
    paths = []
    for index in range(1, count + 1):
        path = f"plan-{index}.json"
        result = workspace.run("plan", *FLEET, "--shard", f"{index}/{count}", "--out", path, *options)
        assert result.exit_code == 0, result.output
        paths.append(path)
    return paths


def actions(document: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((change["address"], change["action"]) for change in document["changes"])


def saved(workspace: Workspace, path: str) -> dict[str, Any]:
    return dict(json.loads((workspace.path / path).read_text()))


def test_the_merged_shard_plans_are_the_plan_of_one_run(workspace: Workspace) -> None:
    changed_fleet(workspace)
    whole = workspace.json("plan", *FLEET)
    merged = workspace.run("merge", *shard_plans(workspace, 3), "--format", "json")
    assert merged.exit_code == 2, merged.output  # as plan --detailed-exitcode: changes
    document = json.loads(merged.stdout)
    assert actions(document) == actions(whole)
    assert document["summary"] == whole["summary"] and whole["summary"]["destroy"] == 1
    assert document["shard"]["covered"] == [1, 2, 3]
    assert "Merged 3 shards. Plan: 5 to add, 2 to change, 1 to destroy" in merged.stderr


def test_the_site_that_left_the_manifest_is_planned_by_exactly_one_shard(workspace: Workspace) -> None:
    changed_fleet(workspace)
    removing = [
        index
        for index, path in enumerate(shard_plans(workspace, 3), start=1)
        if ("site-04", "remove") in actions(saved(workspace, path))
    ]
    assert removing == [next(i for i in (1, 2, 3) if Shard(i, 3).holds("site-04"))]


def test_each_shard_saves_its_manifest_digest_version_and_shard(workspace: Workspace) -> None:
    applied_fleet(workspace)
    documents = [saved(workspace, path) for path in shard_plans(workspace, 2)]
    assert [d["shard"]["covered"] for d in documents] == [[1], [2]]
    assert {d["manifest"]["digest"] for d in documents} != {""} and len(
        {d["manifest"]["digest"] for d in documents}
    ) == 1
    assert {d["iotplan_version"] for d in documents} == {__import__("iotplan").__version__}
    addresses = [{c["connection"] for c in d["changes"]} for d in documents]
    assert not addresses[0] & addresses[1] and addresses[0] | addresses[1] == {
        f"site-{i:02d}" for i in range(1, 10)
    }


def test_a_shard_applies_nothing_outside_it(workspace: Workspace) -> None:
    changed_fleet(workspace)
    shard = Shard(1, 3)
    result = workspace.run("apply", *FLEET, "--shard", "1/3", "--auto-approve")
    assert result.exit_code == 0, result.output
    left = {
        address.split("/")[0]
        for address, action in actions(workspace.json("plan", *FLEET))
        if action != "no-op"
    }
    assert left and not any(shard.holds(connection) for connection in left)
    assert all(shard.holds(c) for c in {"site-04", "site-07", "site-10"} - left)


def test_a_merged_plan_applies_shard_by_shard_and_converges(workspace: Workspace) -> None:
    changed_fleet(workspace)
    assert workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json").exit_code == 2
    result = workspace.run("apply", "plan.json")
    assert result.exit_code == 0, result.output
    assert [line for line in result.stdout.splitlines() if line.startswith("Shard ")] != []
    assert "Shard plan (" not in result.output  # each part of one merged plan, not a shard's own plan
    assert workspace.run("plan", *FLEET, "--detailed-exitcode").exit_code == 0


def test_one_shard_of_a_merged_plan_applies_alone(workspace: Workspace) -> None:
    changed_fleet(workspace)
    workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json")
    holder = next(i for i in (1, 2, 3) if Shard(i, 3).holds("site-10"))
    assert workspace.run("apply", "plan.json", "--shard", f"{holder}/3").exit_code == 0
    left = {a for a, action in actions(workspace.json("plan", *FLEET)) if action != "no-op"}
    assert "site-10" not in left and left
    wrong = workspace.run("apply", "plan.json", "--shard", "1/4")
    assert wrong.exit_code == 1 and "split in 3 shards; give --shard i/3" in wrong.stderr


def test_a_merged_plan_whose_shard_was_applied_alone_is_neither_verified_nor_run_again(
    workspace: Workspace,
) -> None:
    write_sites(workspace, SITES)
    workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json")
    assert workspace.run("apply", "plan.json", "--shard", "2/3").exit_code == 0
    result = workspace.run("apply", "plan.json")
    assert result.exit_code == 1, result.output
    assert (
        "Rollout stopped (shard 2/3 was refused: the platform changed since the plan was made"
        in result.stdout
    )
    assert "Verified" not in result.stdout  # shard 3 never ran
    assert "not started: plan again and apply the new plan" in result.stderr
    assert "run it again" not in result.stderr


def test_a_shards_saved_plan_applies_that_shard_only(workspace: Workspace) -> None:
    changed_fleet(workspace)
    paths = shard_plans(workspace, 3)
    holder = next(i for i in (1, 2, 3) if Shard(i, 3).holds("site-10"))
    other = holder % 3 + 1
    wrong = workspace.run("apply", paths[holder - 1], "--shard", f"{other}/3")
    assert wrong.exit_code == 1 and f"this plan covers shard {holder}/3" in wrong.stderr
    assert workspace.run("apply", paths[holder - 1]).exit_code == 0
    left = {a.split("/")[0] for a, action in actions(workspace.json("plan", *FLEET)) if action != "no-op"}
    assert "site-10" not in left and not any(Shard(holder, 3).holds(site) for site in left)


def test_a_merged_plan_is_refused_against_another_target(workspace: Workspace) -> None:
    changed_fleet(workspace)
    workspace.run("merge", *shard_plans(workspace, 2), "--out", "plan.json")
    result = workspace.run("apply", "plan.json", "--sim-db", "other/sim.db")
    assert result.exit_code == 1 and "this plan was made against embedded:" in result.stderr


def test_every_guard_of_the_merged_plan_is_checked_before_the_first_shard_writes(
    workspace: Workspace,
) -> None:
    changed_fleet(workspace)
    sensor = workspace.live_entity("multi-site:site-04/logger/pz-1")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 5})
    workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json")
    before = actions(workspace.json("plan", *FLEET))
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1 and "--allow-destroy" in refused.stderr
    assert actions(workspace.json("plan", *FLEET)) == before  # no shard wrote anything


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (["plan-1.json", "plan-2.json"], "shard 3 of 3 missing"),
        (["plan-1.json", "plan-1.json", "plan-2.json", "plan-3.json"], "shard 1/3 given twice"),
        (["plan-1.json", "plan-2.json", "plan-3.json", "whole.json"], "whole.json: made without --shard"),
    ],
)
def test_merge_refuses_a_missing_a_duplicate_or_an_unsharded_plan(
    workspace: Workspace, files: list[str], message: str
) -> None:
    applied_fleet(workspace)
    shard_plans(workspace, 3)
    workspace.run("plan", *FLEET, "--out", "whole.json")
    result = workspace.run("merge", *files)
    assert result.exit_code == 1 and message in result.stderr
    assert result.stdout == ""


def test_merge_refuses_shards_of_another_manifest_version_or_split(workspace: Workspace) -> None:
    applied_fleet(workspace)
    paths = shard_plans(workspace, 3)
    write_sites(workspace, [*SITES, "site-10,Dam 10,-41.1,174.1,2,"])
    assert workspace.run("plan", *FLEET, "--shard", "2/3", "--out", "plan-2.json").exit_code == 0
    document = saved(workspace, "plan-3.json") | {"iotplan_version": "0.0.9"}
    (workspace.path / "plan-3.json").write_text(json.dumps(document))
    workspace.run("plan", *FLEET, "--shard", "1/2", "--out", "half.json")
    mixed = workspace.run("merge", *paths)
    assert mixed.exit_code == 1
    assert "plan-2.json: manifest examples/multi-site/site.yaml.j2 (" in mixed.stderr
    assert "plan-3.json were made by different iotplan builds: " in mixed.stderr
    assert "and iotplan 0.0.9 (format " in mixed.stderr
    split = workspace.run("merge", "plan-1.json", "half.json")
    assert split.exit_code == 1 and "shards of different splits" in split.stderr


def test_shards_compose_with_target(workspace: Workspace) -> None:
    changed_fleet(workspace)
    paths = shard_plans(workspace, 3, "--target", "site-10")
    changed = [
        path for path in paths if any(c["action"] != "no-op" for c in saved(workspace, path)["changes"])
    ]
    assert len(changed) == 1
    merged = workspace.run("merge", *paths, "--format", "json")
    assert merged.exit_code == 2 and {a for a, _ in actions(json.loads(merged.stdout))} == {
        "site-10", "site-10/logger", "site-10/logger/crack-1", "site-10/logger/pz-1", "site-10/logger/pz-2",
    }  # fmt: skip
    typo = workspace.run("plan", *FLEET, "--shard", "1/3", "--target", "stie-10")
    assert typo.exit_code == 1 and "--target 'stie-10' matches no address" in typo.stderr
    elsewhere = next(index for index, path in enumerate(paths, 1) if path not in changed)
    sensor = workspace.run("plan", *FLEET, "--shard", f"{elsewhere}/3", "--target", "site-10/logger/pz-2")
    assert sensor.exit_code == 0, sensor.output  # another shard's sensor, declared: no typo


def test_a_shard_its_exclusions_empty_is_no_error_while_other_shards_hold_the_selection(
    workspace: Workspace,
) -> None:
    applied_fleet(workspace)
    here = sorted(
        {c["address"].split("/")[0] for c in saved(workspace, shard_plans(workspace, 3)[0])["changes"]}
    )
    selection = ["--target", "site-*", *(flag for site in here for flag in ("--exclude", site))]
    shard = workspace.run("plan", *FLEET, "--shard", "1/3", *selection, "--detailed-exitcode")
    assert shard.exit_code == 0, shard.output
    assert workspace.run("plan", *FLEET, *selection).exit_code == 0  # the whole plan: other sites are left


def test_drift_shards_merge_into_the_report_of_one_run(workspace: Workspace) -> None:
    changed_fleet(workspace)
    whole = workspace.json("drift", *FLEET)
    for index in (1, 2, 3):
        result = workspace.run("drift", *FLEET, "--shard", f"{index}/3", "--out", f"json=drift-{index}.json")
        assert result.exit_code in (0, 2), result.output
    merged = workspace.run("merge", "drift-1.json", "drift-2.json", "drift-3.json", "--format", "json")
    assert merged.exit_code == 2
    report = json.loads(merged.stdout)
    key = lambda entry: (entry["address"], entry["status"])  # noqa: E731
    assert sorted(map(key, report["entries"])) == sorted(map(key, whole["entries"]))
    assert report["summary"] == whole["summary"]
    mixed = workspace.run("merge", "drift-1.json", "drift-2.json", "drift-3.json", "plan.json")
    assert mixed.exit_code == 1


def test_plans_and_drift_reports_do_not_merge_together(workspace: Workspace) -> None:
    applied_fleet(workspace)
    shard_plans(workspace, 2)
    workspace.run("drift", *FLEET, "--shard", "2/2", "--out", "json=drift-2.json")
    result = workspace.run("merge", "plan-1.json", "drift-2.json")
    assert result.exit_code == 1 and "cannot merge plans (plan-1.json) with drift reports" in result.stderr


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--shard", "0/3"], "1 <= i <= n <= 256"),
        (["--shard", "4/3"], "1 <= i <= n <= 256"),
        (["--shard", "1/300"], "1 <= i <= n <= 256"),
        (["--rate-limit", "fast"], "like 500/min"),
    ],
)
def test_a_shard_or_rate_that_cannot_be_is_one_clear_line(
    workspace: Workspace, option: list[str], message: str
) -> None:
    result = workspace.run("plan", *FLEET, *option)
    assert result.exit_code == 1 and message in result.stderr
    assert "Traceback" not in result.output
    assert not Path(workspace.path / ".iotplan").exists()  # refused before any target was opened


def test_a_shard_saved_by_a_newer_iotplan_is_refused_by_merge_naming_it(workspace: Workspace) -> None:
    """What its newer format added would be dropped from the merge, which is written as this version's."""
    applied_fleet(workspace)
    first, second = shard_plans(workspace, 2)
    path = workspace.path / second
    document = json.loads(path.read_text())
    path.write_text(json.dumps({**document, "format_version": "1.99", "iotplan_version": "9.9.9"}))
    merged = workspace.run("merge", first, second)
    assert merged.exit_code == 1 and merged.stdout == ""
    assert (
        f"{second}: " in merged.stderr and "format_version 1.99 is newer than this iotplan" in merged.stderr
    )


def test_one_merged_shard_is_counted_in_the_singular(workspace: Workspace) -> None:
    assert workspace.run("plan", QUICKSTART, "--shard", "1/1", "--out", "one.json").exit_code == 0
    merged = workspace.run("merge", "one.json", "--out", "merged.json")
    assert "Merged 1 shard. Plan:" in merged.stderr, merged.output
