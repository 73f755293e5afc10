"""Two devices carrying the stack's refIds `quickstart:dam-z/logger-2` and `quickstart:dam-q/logger-2`
stand under dam-a, which declares no logger-2: a saved plan removes each, at dam-a/logger-2#<short id>.
Another writer removes dam-q's, so dam-z's now stands at dam-a/logger-2 (no sibling's refId ends
alike). Its apply was refused as "the plan file was edited: it writes dam-a/logger-2#… (the entity it
names stands at dam-a/logger-2)" (cr151), though nobody edited the file. It is still refused, as the
platform's change, naming where the entity stands now (fx380)."""

from __future__ import annotations

import re

from iotplan.live.model import short_id
from tests.e2e.another_tools_connection import another_device_beside
from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_saved_plan_whose_alike_sibling_was_removed_since_blames_the_platform(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    for stray, count in (("quickstart:dam-z/logger-2", 70), ("quickstart:dam-q/logger-2", 80)):
        another_device_beside(workspace, stray, f"{stray}/pz-1", count, connection_ref_id="quickstart:dam-a")
    kept = short_id(workspace.live_entity("quickstart:dam-z/logger-2")["id"])
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code in (0, 2)
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "remove", "refId": "quickstart:dam-q/logger-2"}]
    )

    refused = workspace.run("apply", "plan.json", "--allow-destroy")

    said = " ".join(refused.stderr.split())
    assert refused.exit_code == 1, refused.output
    assert "edited" not in said, said
    moved = rf"dam-a/logger-2#{kept} now at dam-a/logger-2\b"
    assert re.search(rf"Error: the platform changed since the plan was made \([^)]*{moved}", said), said
    assert workspace.live_entity("quickstart:dam-z/logger-2/pz-1")["id"]
