"""`apply --format json` prints one JSON document however the run ends: a pipeline (`| jq`) reads
that there was nothing to do, or that the apply was refused and why, rather than an empty stdout.
stderr and the exit code stay what they were."""

from __future__ import annotations

import json
from typing import Any

from click.testing import Result

from iotplan.render.apply_report import APPLY_FORMAT_VERSION
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_ownership_and_fences import observe
from tests.e2e.test_review_cases import converges


def report(result: Result) -> dict[str, Any]:
    return dict(json.loads(result.stdout))


def assert_refused(result: Result) -> dict[str, Any]:
    """Refused before its first write: exit 1, and stdout's reason is the one stderr gives."""
    assert result.exit_code == 1, result.output
    refused = report(result)
    assert (refused["format_version"], refused["status"], refused["outcomes"]) == (
        APPLY_FORMAT_VERSION,
        "refused",
        [],
    )
    assert f"Error: {refused['stopped']}" in result.stderr
    return refused


def test_nothing_to_apply_is_reported_converged_with_no_outcomes(workspace: Workspace) -> None:
    converges(workspace)
    planned = workspace.json("plan", QUICKSTART)
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--format", "json")
    assert result.exit_code == 0, result.output
    assert report(result) == {
        "format_version": APPLY_FORMAT_VERSION,
        # Where it wrote, as the plan names it: a CI log keeping stdout alone tells the platform.
        "target": planned["target"],
        "target_identity": planned["target_identity"],
        "target_rpc_endpoint": None,  # the embedded platform answers JSON-RPC in-process
        "status": "no_changes",
        "outcomes": [],
        "stopped": None,
        "converged": True,
        "remaining": "Plan: 0 to add, 0 to change, 0 to destroy.",
        "not_verified": None,
        "not_written": [],
        "shard": None,  # made without --shard
        "grown_since_review": [],  # no saved plan: no review
        "refusals": [],  # a plan no safe one exists for: none
        "applied_counts": {
            "add": 0,
            "change": 0,
            "destroy": 0,
            "replace": 0,
            "removed_not_recreated": 0,
            "removed_recreation_unknown": 0,
            "observations_destroyed": 0,
            "observations_unknown": False,
        },
        "confirmed_counts": {
            "add": 0,
            "change": 0,
            "destroy": 0,
            "replace": 0,
            "observations_gone": 0,
            "observations_unknown": False,
        },
    }


def test_an_apply_that_writes_is_reported_as_ran(workspace: Workspace) -> None:
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--format", "json")
    assert result.exit_code == 0, result.output
    assert (report(result)["status"], report(result)["converged"]) == ("ran", True)


def test_a_removal_of_history_refused_by_the_guard_says_why_on_stdout(workspace: Workspace) -> None:
    converges(workspace)
    observe(workspace, "quickstart:dam-a/weather/air-temp", 40)
    result = workspace.run("apply", QUICKSTART, "--destroy", "--auto-approve", "--format", "json")
    refused = assert_refused(result)
    assert "--allow-destroy" in refused["stopped"]
    assert refused["converged"] is refused["not_verified"] is refused["not_written"] is None
    assert workspace.live_entity("quickstart:dam-a/weather/air-temp")  # nothing was written


def test_a_stale_saved_plan_is_refused_on_stdout_too(workspace: Workspace) -> None:
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    workspace.edit(QUICKSTART, "name: Crest datalogger", "name: Crest logger")
    refused = assert_refused(workspace.run("apply", "plan.json", "--format", "json"))
    assert "the manifest examples/quickstart/site.yaml changed" in refused["stopped"]


def test_a_manifest_that_cannot_be_loaded_is_refused_before_any_plan(workspace: Workspace) -> None:
    workspace.edit(QUICKSTART, "name: Crest datalogger", "name: [Crest datalogger")
    refused = assert_refused(workspace.run("apply", QUICKSTART, "--auto-approve", "--format", "json"))
    assert "site.yaml:" in refused["stopped"]


def test_an_apply_without_a_terminal_or_auto_approve_is_refused_on_stdout(workspace: Workspace) -> None:
    refused = assert_refused(workspace.run("apply", QUICKSTART, "--format", "json"))
    assert "--auto-approve" in refused["stopped"]
