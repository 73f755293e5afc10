"""A saved removal without `holding` (which sensors it takes held data when reviewed): a plan saved
before iotplan recorded it (format 1.1; 1.2 of an earlier build) is refused once what it destroys
grew, as a sensor that held none may have started; one of a format that records it, cut by hand,
is refused as edited. Read as not recorded, both destroyed data that started after the review."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_destroy import gone
from tests.e2e.test_ownership_and_fences import observe
from tests.e2e.test_review_cases import converges

LATER_KEYS = ("iotplan_version", "target_rpc_endpoint", "read_at", "catalog_notes")


def saved_without_holding(workspace: Workspace, version: str | None) -> None:
    """plan.json removing dam-a/weather, reviewed with air-temp's 5 observations, its changes
    without `holding`; relabelled `version` (without the keys of later formats) when given."""
    converges(workspace)
    observe(workspace, "quickstart:dam-a/weather/air-temp", 5)
    without_weather = (workspace.path / QUICKSTART).read_text().split("          - key: weather\n")[0]
    (workspace.path / "no-weather.yaml").write_text(without_weather)
    assert workspace.run("plan", "no-weather.yaml", "--out", "plan.json").exit_code == 0
    document = json.loads((workspace.path / "plan.json").read_text())
    if version is not None:
        document["format_version"] = version
        for key in LATER_KEYS:
            del document[key]
    for change in document["changes"]:
        del change["holding"]
        change.pop("counted_through_rpc", None)
    (workspace.path / "plan.json").write_text(json.dumps(document, indent=2))


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_an_older_plans_removal_is_refused_once_a_sensor_it_takes_may_have_started(
    workspace: Workspace, version: str
) -> None:
    saved_without_holding(workspace, version)
    observe(workspace, "quickstart:dam-a/weather/battery", 4)
    refused = workspace.run("apply", "plan.json", "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    assert "it would destroy 9 observations, 5 observations when reviewed, and the plan does not record" in (
        refused.stderr
    )
    assert not gone(workspace, "quickstart:dam-a/weather/battery")


def test_an_older_plans_removal_still_applies_while_its_count_is_the_one_reviewed(
    workspace: Workspace,
) -> None:
    saved_without_holding(workspace, "1.1")
    applied = workspace.run("apply", "plan.json", "--allow-destroy")
    assert applied.exit_code == 0, applied.output
    assert gone(workspace, "quickstart:dam-a/weather/battery")


def test_a_removal_cut_of_its_holding_in_a_plan_that_records_it_is_refused_as_edited(
    workspace: Workspace,
) -> None:
    saved_without_holding(workspace, None)
    observe(workspace, "quickstart:dam-a/weather/battery", 4)
    refused = workspace.run("apply", "plan.json", "--allow-destroy")
    assert refused.exit_code != 0, refused.output
    assert "dam-a/weather has no holding" in refused.stderr
    assert not gone(workspace, "quickstart:dam-a/weather/battery")
