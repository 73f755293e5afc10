"""A new logger whose box another stack's THREAD holds is told so on its line, with what that THREAD's
logger holds ("holding 500 observations"). A live THREAD reports every 15 minutes: once its sensors
recorded one observation more, a saved plan was refused as the plan file's edit ("the plan file shows
its writes otherwise ... (reason): was the plan file edited or cut?"), and so would it be at every
later try. The count is what the note tells, not what the apply writes: the saved plan applies."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import devices_of
from tests.e2e.test_thread_logger_on_another_stacks_thread_is_noted_in_every_view import site


def test_a_saved_plan_whose_box_note_counts_grew_since_is_applied(workspace: Workspace) -> None:
    (workspace.path / "a.yaml").write_text(site("site-a", "4A1B2C"))
    assert workspace.run("apply", "a.yaml", "--auto-approve").exit_code == 0
    pz = "/fn/4A1B2C/node/vwlogger/032433/device/pz-1/sensor"
    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz, "count": 500})
    (workspace.path / "b.yaml").write_text(site("site-b", "5D6E7F"))
    planned = workspace.run("plan", "b.yaml", "--out", "b.json")
    assert planned.exit_code == 0, planned.output
    assert "holding 500 observations" in (workspace.path / "b.json").read_text()

    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz, "count": 1})
    applied = workspace.run("apply", "b.json")
    assert applied.exit_code == 0, applied.output
    assert devices_of(workspace, "5D6E7F") == ["/fn/5D6E7F/node/vwlogger/032433/device"]
