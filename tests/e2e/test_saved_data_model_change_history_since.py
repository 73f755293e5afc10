"""A saved plan changing the metrics of two sensors, one with history (so the review names
--allow-data-model-change) and one without: when the second records observations before the apply,
the flag given for the first does not cover it. Its data-model change is refused as stale, and
nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def record(workspace: Workspace, ref_id: str, count: int) -> None:
    sensor_id = workspace.live_entity(ref_id)["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor_id, "count": count})


def test_a_reviewed_metrics_change_is_refused_where_its_sensor_got_history_since(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    record(workspace, "quickstart:dam-a/logger-1/tilt-1", 100)
    workspace.edit(QUICKSTART, "{custom_metric: tilt_b, unit: mm}", "{custom_metric: tilt_c, unit: mm}")
    swapped = (
        "                  - {metric: cum_distance, unit: mm}\n                  - {metric: f, unit: Hz}\n"
    )
    workspace.edit(
        QUICKSTART,
        "                  - {metric: f, unit: Hz}\n                  - {metric: cum_distance, unit: mm}\n",
        swapped,
    )
    planned = workspace.run("plan", QUICKSTART, "--out", "plan.json")
    assert planned.exit_code == 0 and "--allow-data-model-change" in planned.output, planned.output
    record(workspace, "quickstart:dam-a/logger-1/crack-1", 50)
    before = workspace.live_entity("quickstart:dam-a/logger-1/crack-1")
    refused = workspace.run("apply", "plan.json", "--allow-data-model-change")
    assert refused.exit_code == 1, refused.output
    assert (
        "update dam-a/logger-1/crack-1: it would change how 50 observations read, none when reviewed: "
        "run iotplan plan again"
    ) in refused.output
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-1") == before  # nothing written
