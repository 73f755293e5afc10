"""A saved plan whose write at pz-1 the file moves to pz-9, for the tests of what its apply says of it."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

PLANNED = '"address":"dam-a/logger-1/pz-1"'
EDITED = '"address":"dam-a/logger-1/pz-9"'


def plan_with_pz1_moved_to_pz9(ws: Workspace) -> None:
    """plan.json of the manifest as it stands, its change at pz-1 edited to say pz-9."""
    assert ws.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    saved = ws.path / "plan.json"
    text = saved.read_text()
    assert text.count(PLANNED) == 1
    saved.write_text(text.replace(PLANNED, EDITED))
