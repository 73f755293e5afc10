"""Two devices carrying the stack's refIds `quickstart:dam-z/logger-2` and `quickstart:dam-q/logger-2`
stand under dam-a, which declares no logger-2: a saved plan removes each, at dam-a/logger-2#<short id>.
Another writer removes dam-q's, so dam-z's now stands at dam-a/logger-2 (no sibling's refId ends
alike). Its apply was refused as "the plan file was edited: it writes dam-a/logger-2#… (the entity it
names stands at dam-a/logger-2)" (cr151), though nobody edited the file. It is still refused, as the
platform's change, naming where the entity stands now (fx380)."""

from __future__ import annotations

import re

from tests.e2e.alike_siblings import PLATFORM_CHANGED, plan_saved_over_strays, saved_plan_refused
from tests.e2e.conftest import Workspace


def test_a_saved_plan_whose_alike_sibling_was_removed_since_blames_the_platform(workspace: Workspace) -> None:
    kept = plan_saved_over_strays(
        workspace, ("quickstart:dam-z/logger-2", 70), ("quickstart:dam-q/logger-2", 80)
    )
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "remove", "refId": "quickstart:dam-q/logger-2"}]
    )

    said = saved_plan_refused(workspace)

    assert "edited" not in said, said
    assert re.search(rf"{PLATFORM_CHANGED}dam-a/logger-2#{kept} now at dam-a/logger-2\b", said), said
    assert workspace.live_entity("quickstart:dam-z/logger-2/pz-1")["id"]
