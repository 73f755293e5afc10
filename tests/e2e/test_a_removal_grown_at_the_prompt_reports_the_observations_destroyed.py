"""pz-1 reports while `apply` waits at its prompt to remove it: 700 observations shown, 1,390 once
`yes` is typed, within twice the count shown, so the removal applies, and what the apply says it
destroyed is the count read once confirmed, as a saved plan's apply says (cr98: the closing line said
the 700 shown, with 1,390 destroyed)."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import apply_confirmed_after
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.saved_removal import REMOVED


def test_a_removal_grown_at_the_prompt_reports_the_observations_destroyed(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = workspace.live_entity(REMOVED)["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": 700})
    text = (workspace.path / QUICKSTART).read_text()
    start, end = text.index("              - key: pz-1"), text.index("              # catalog metric")

    def reported() -> None:
        workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": 690})

    applied = apply_confirmed_after(workspace, reported, text[:start] + text[end:], "--allow-destroy")

    assert applied.exit_code == 0, applied.output
    assert "! destroys 700 observations" in applied.stdout  # the plan shown
    assert "1 destroyed; 1,390 observations destroyed)" in applied.stdout
