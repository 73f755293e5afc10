"""Without --prune-unmanaged, removing the stack's own device under a shared connection that holds an
unmanaged sensor said "or pass --prune-unmanaged to remove them too", and with the flag it was then
refused: the way out looped once (cr64). Refused without the flag, it names the way out that works,
in plan and in drift's refused entry alike."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_own_device_under_a_shared_connection_keeps_what_prune_leaves import (
    _drop_weather,
    _hand_made_sensor_under_weather,
)
from tests.e2e.test_prune_leaves_another_stacks_entities import south_shares_dam_a

WAY_OUT = (
    "--prune-unmanaged takes nothing under this connection (the connection is shared with stack 'south', "
    "whose manifest may adopt them by `ref_id:`, which this plan cannot see): keep it in the manifest, or, "
    "once sure no manifest adopts them (a `ref_id:` naming their SERIAL_NO), remove them in the platform's "
    "web app, then plan again"
)


def test_the_refusal_without_the_flag_names_the_web_app(workspace: Workspace) -> None:
    south_shares_dam_a(workspace)
    _hand_made_sensor_under_weather(workspace)
    _drop_weather(workspace)
    refused = workspace.run("plan", QUICKSTART)
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1 and said.endswith(WAY_OUT), said
    assert "pass --prune-unmanaged" not in said
    drift = workspace.run("drift", QUICKSTART)
    reported = " ".join(drift.output.split())
    assert WAY_OUT in reported and "pass --prune-unmanaged" not in reported, reported
