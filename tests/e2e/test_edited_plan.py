"""A saved plan whose file no longer holds what its manifest needs, on a platform that did not change:
refused as the plan file's doing (or, where the file holds no write to tell by, as possibly either),
never as "the platform changed since the plan was made"."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable
from typing import Any

from iotplan import __version__
from iotplan.plan.impact import impact_of
from iotplan.render.json_plan import plan_from_dict
from tests.e2e.conftest import QUICKSTART, Workspace

PLAN_FILE_EDITED = "was the plan file edited or cut? Run iotplan plan again"


def cut(plan: dict[str, Any], keep: Callable[[str], bool]) -> dict[str, Any]:
    """The plan without the changes `keep` does not keep, its summary and impact cut to match: else
    refused as edited by them."""
    left = plan_from_dict(copy.deepcopy(plan))
    left = dataclasses.replace(left, changes=tuple(c for c in left.changes if keep(c.address)))
    changes = [change for change in plan["changes"] if keep(change["address"])]
    summary, impact = dataclasses.asdict(left.summary), dataclasses.asdict(impact_of(left))
    return dict(plan, changes=changes, summary=summary, impact=impact)


def test_a_tampered_value_in_a_saved_plan_is_said_to_be_the_plan_file_s(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Piezometer PZ-1", "name: Piezometer PZ-1b")
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    saved = workspace.path / "plan.json"
    saved.write_text(saved.read_text().replace("PZ-1b", "PZ-1-TAMPERED"))
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    assert (
        "the plan does not hold what the manifest now needs (dam-a/logger-1/pz-1): " + PLAN_FILE_EDITED
    ) in refused.stderr
    assert "the platform changed" not in refused.stderr


def test_a_shard_plan_cut_short_is_said_to_be_the_plan_file_s(workspace: Workspace) -> None:
    """Nothing applied yet: the cut entries are created under a connection the plan creates."""
    assert workspace.run("plan", QUICKSTART, "--shard", "1/1", "--out", "plan.json").exit_code == 0
    plan = json.loads((workspace.path / "plan.json").read_text())
    plan = cut(plan, lambda address: not address.startswith("dam-a/weather"))
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    assert (
        "the plan does not hold what the manifest now needs (dam-a/weather, dam-a/weather/air-temp, "
        "dam-a/weather/battery): " + PLAN_FILE_EDITED
    ) in refused.stderr
    assert "the platform changed" not in refused.stderr


def test_an_update_cut_from_a_saved_plan_is_not_said_to_be_the_platform_s_change(
    workspace: Workspace,
) -> None:
    """The cut write was planned, so the platform may as well have been in sync then: iotplan
    cannot tell which, and names both."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Piezometer PZ-1", "name: Piezometer PZ-1b")
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    plan = json.loads((workspace.path / "plan.json").read_text())
    plan = cut(plan, lambda address: address != "dam-a/logger-1/pz-1")
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    assert (
        "the plan holds no write for dam-a/logger-1/pz-1: either the platform changed there since the plan "
        "was made, or the plan file was edited or cut: run iotplan plan again"
    ) in refused.stderr
    assert "the platform changed since the plan was made" not in refused.stderr


def test_a_saved_plan_made_by_another_iotplan_version_names_it_as_a_cause(workspace: Workspace) -> None:
    """The plan and apply jobs of a pipeline may install different versions: one may plan otherwise."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Piezometer PZ-1", "name: Piezometer PZ-1b")
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    plan = json.loads((workspace.path / "plan.json").read_text().replace("PZ-1b", "PZ-1-OTHER"))
    plan["iotplan_version"] = "0.0.1"
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    assert (
        f"(dam-a/logger-1/pz-1): the plan was made by iotplan 0.0.1 and this is iotplan {__version__}, which "
        "may plan otherwise, or the plan file was edited or cut. Run iotplan plan again"
    ) in refused.stderr
