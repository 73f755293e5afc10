"""A saved plan removing the stack's own device, applied once a sensor was made by hand under it,
was refused with "pass --prune-unmanaged to remove them too", a flag an apply of a saved plan then
refuses (it is applied with the options it was planned with) (fz96). The refusal says the platform
changed since the plan was made, and the step that works: plan again, with the flag if it should go."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_destroy import gone
from tests.e2e.test_own_device_under_a_shared_connection_keeps_what_prune_leaves import (
    HAND_MADE,
    _drop_weather,
    _hand_made_sensor_under_weather,
)
from tests.e2e.test_review_cases import converges


def test_the_refusal_names_planning_again_and_that_way_works(workspace: Workspace) -> None:
    converges(workspace)
    _drop_weather(workspace)
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code in (0, 2)
    _hand_made_sensor_under_weather(workspace)
    refused = workspace.run("apply", "plan.json", "--allow-destroy")
    said = " ".join(refused.stderr.split())
    assert refused.exit_code == 1, refused.output
    assert (
        "dam-a/weather: removing this device would also remove 1 entity that stack 'quickstart' does not own"
        in said
    )
    assert "pass --prune-unmanaged" not in said, said
    assert said.endswith(
        f"(SERIAL_NO '{HAND_MADE}'), which the plan did not find there when it was made: a saved plan "
        "is applied exactly as it was reviewed, so plan again (`iotplan plan ... --out plan.json`), "
        "with --prune-unmanaged to remove them too, or keeping dam-a/weather in the manifest"
    ), said
    planned = workspace.run("plan", QUICKSTART, "--prune-unmanaged", "--out", "plan.json")
    assert planned.exit_code in (0, 2), planned.output
    applied = workspace.run("apply", "plan.json", "--allow-destroy")
    assert applied.exit_code == 0, applied.output
    assert gone(workspace, HAND_MADE)
