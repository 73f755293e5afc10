"""A device carrying the stack's refId `quickstart:dam-z/logger-2` stands under dam-a, which declares
no logger-2: a saved plan removes it, at dam-a/logger-2. Another writer then adds
`quickstart:dam-q/logger-2` beside it, so each now stands at dam-a/logger-2#<its short id>. The apply
was refused as "the plan file was edited: it writes dam-a/logger-2 (the entity it names stands at
dam-a/logger-2#…)" (cr151), though nobody edited the file. It is still refused, as the platform's
change, naming where the entity stands now, and neither device is removed (fx380)."""

from __future__ import annotations

import re

from tests.e2e.alike_siblings import (
    PLATFORM_CHANGED,
    plan_saved_over_strays,
    saved_plan_refused,
    stray_under_dam_a,
)
from tests.e2e.conftest import Workspace


def test_a_saved_plan_whose_alike_sibling_was_added_since_blames_the_platform(workspace: Workspace) -> None:
    stray, added = "quickstart:dam-z/logger-2", "quickstart:dam-q/logger-2"
    kept = plan_saved_over_strays(workspace, (stray, 70))
    stray_under_dam_a(workspace, added, 80)

    said = saved_plan_refused(workspace)

    assert "the plan file was edited:" not in said, said
    assert re.search(rf"{PLATFORM_CHANGED}dam-a/logger-2 now at dam-a/logger-2#{kept}\b", said), said
    for device in (stray, added):
        assert workspace.live_entity(f"{device}/pz-1")["id"]
