"""A saved removal of a sensor counted 0 when reviewed, which reported since on a platform that has not
counted the upload yet (variant `observation-count-lags`: 0 beside a LAST_OBSERVATION): its count is
unknown now, and the refusal says that cause, the one its read shows, not "once JSON-RPC answers",
which it did."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_destroy import gone
from tests.e2e.test_observation_count_lags import BATTERY


def test_a_count_lagging_an_upload_since_the_review_is_not_told_as_json_rpc_out_of_reach(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "observation-count-lags")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, BATTERY, "")
    workspace.edit(QUICKSTART, "                template: BATTERY_CHARGE_SDE\n", "")
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0  # 0 observations
    battery = workspace.live_entity("quickstart:dam-a/weather/battery")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": battery["id"], "count": 3})
    refused = workspace.run("apply", "plan.json", "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    assert "remove dam-a/weather/battery: its count, read when reviewed, cannot be read now" in refused.stderr
    assert ": the platform has not counted an upload yet (a count of 0 beside a last observation)" in (
        refused.stderr
    )
    assert "JSON-RPC did not answer" not in refused.stderr
    assert not gone(workspace, "quickstart:dam-a/weather/battery")
