"""A device carrying the stack's refId `quickstart:dam-z/logger-2` stands under dam-a, which declares
no logger-2: a saved plan removes it, at dam-a/logger-2. Another writer then adds
`quickstart:dam-q/logger-2` beside it, so each now stands at dam-a/logger-2#<its short id>. The apply
was refused as "the plan file was edited: it writes dam-a/logger-2 (the entity it names stands at
dam-a/logger-2#…)" (cr151), though nobody edited the file. It is still refused, as the platform's
change, naming where the entity stands now, and neither device is removed (fx380)."""

from __future__ import annotations

import re

from iotplan.live.model import short_id
from tests.e2e.another_tools_connection import another_device_beside
from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_saved_plan_whose_alike_sibling_was_added_since_blames_the_platform(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    stray = "quickstart:dam-z/logger-2"
    another_device_beside(workspace, stray, f"{stray}/pz-1", 70, connection_ref_id="quickstart:dam-a")
    kept = short_id(workspace.live_entity(stray)["id"])
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code in (0, 2)
    added = "quickstart:dam-q/logger-2"
    another_device_beside(workspace, added, f"{added}/pz-1", 80, connection_ref_id="quickstart:dam-a")

    refused = workspace.run("apply", "plan.json", "--allow-destroy")

    said = " ".join(refused.stderr.split())
    assert refused.exit_code == 1, refused.output
    assert "the plan file was edited:" not in said, said
    moved = rf"dam-a/logger-2 now at dam-a/logger-2#{kept}\b"
    assert re.search(rf"Error: the platform changed since the plan was made \([^)]*{moved}", said), said
    for device in (stray, added):
        assert workspace.live_entity(f"{device}/pz-1")["id"]
