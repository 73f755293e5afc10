"""An apply that destroys history says so where it ends, in text and JSON: `Apply complete: 32
changes applied; 2 write requests sent.` was all fz57's apply said after destroying 25,000
observations."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_ownership_and_fences import observe
from tests.e2e.test_review_cases import converges

WEATHER = "          - key: weather\n"


def _drop_the_weather_station(workspace: Workspace) -> None:
    """The weather station and its sensors leave the manifest: a removal holding 40 observations."""
    converges(workspace)
    observe(workspace, "quickstart:dam-a/weather/air-temp", 40)
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text[: text.index(WEATHER)])


def test_the_closing_line_counts_the_removal_and_the_history_it_destroyed(workspace: Workspace) -> None:
    _drop_the_weather_station(workspace)
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert result.exit_code == 0, result.output
    assert "(0 added, 0 changed, 1 destroyed; 40 observations destroyed); " in result.stdout


def test_the_json_report_counts_them_too(workspace: Workspace) -> None:
    _drop_the_weather_station(workspace)
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy", "--format", "json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)["applied_counts"]
    assert (counts["destroy"], counts["observations_destroyed"]) == (1, 40)
