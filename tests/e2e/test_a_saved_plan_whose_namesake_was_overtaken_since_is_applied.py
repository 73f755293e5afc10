"""A saved plan creating a THREAD sensor named like sensors of two other THREADs at the same site (all
named "Main gateway"), both holding observations: its line notes one of them, and that another holds
some too. The note named the one holding most, so once the other recorded more than it (a live THREAD
reports every 15 minutes) the note named another and the saved plan was refused ("the platform
changed since the plan was made"), as it would be at every later try while the two report. Which one
the note names rests on their ids, never their counts: the saved plan applies."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_a_namesakes_first_observation_since_the_review_is_told_as_the_platform_changed import site
from tests.e2e.test_thread import devices_of


def test_a_saved_plan_whose_namesake_was_overtaken_since_is_applied(workspace: Workspace) -> None:
    (workspace.path / "a.yaml").write_text(site("site-a", "gw", "4A1B2C", "vw", "032433"))
    (workspace.path / "c.yaml").write_text(site("site-c", "gc", "8A9B0C", "vw", "055555"))
    assert workspace.run("apply", "a.yaml", "--auto-approve").exit_code == 0
    assert workspace.run("apply", "c.yaml", "--auto-approve").exit_code == 0
    pz_a = "/fn/4A1B2C/node/vwlogger/032433/device/pz-1/sensor"
    pz_c = "/fn/8A9B0C/node/vwlogger/055555/device/pz-1/sensor"
    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz_a, "count": 4})
    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz_c, "count": 5})
    (workspace.path / "b.yaml").write_text(site("site-b", "t-b", "5D6E7F", "vw-new", "099999"))
    planned = workspace.run("plan", "b.yaml", "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    assert "another of that name holds observations too" in " ".join(planned.stdout.split()), planned.stdout

    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz_a, "count": 2})
    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 0, applied.output
    assert devices_of(workspace, "5D6E7F") == ["/fn/5D6E7F/node/vwlogger/099999/device"]
