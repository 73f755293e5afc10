"""What the tests of where a plan-time refusal is declared share: the quickstart manifest applied, a
device put at `dam-a/logger-2` behind iotplan's back, then logger-1 renamed logger-2 with a `moved`
entry: both exist on the platform, so the plan refuses the entry."""

from __future__ import annotations

from iotplan.manifest.positions import Position
from tests.e2e.conftest import QUICKSTART, Workspace

MOVED_ENTRY = "  - {from: dam-a/logger-1, to: dam-a/logger-2}\n"
STRAY = {
    "changeState": "new",
    "refId": "quickstart:dam-a/logger-2",
    "props": {"NAME": "stray", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"},
}


def moved_onto_a_live_device(workspace: Workspace) -> Position:
    """The scenario above; where the `moved` entry is written (its flow mapping's `{`)."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.integrate_under("quickstart:dam-a", [STRAY])
    workspace.edit(QUICKSTART, "- key: logger-1\n", "- key: logger-2\n")
    workspace.edit(QUICKSTART, "defaults:\n", "moved:\n" + MOVED_ENTRY + "defaults:\n")
    lines = (workspace.path / QUICKSTART).read_text().splitlines(keepends=True)
    line = lines.index(MOVED_ENTRY)
    return Position(line + 1, MOVED_ENTRY.index("{") + 1)
