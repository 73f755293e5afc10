"""A plan saved with --exclude dam-a/logger-2#<short id>, removing the other of two devices whose refIds
end alike; another writer then removes that other one, so the excluded one stands at dam-a/logger-2.
Its apply is refused as "--exclude '…' matches nothing the platform holds now", naming where the
excluded entity stands now, a `#` and short id away, as a saved --target's refusal does."""

from __future__ import annotations

import re

from tests.e2e.alike_siblings import plan_saved_excluding, saved_plan_refused
from tests.e2e.conftest import Workspace


def test_a_saved_plan_whose_excluded_entity_lost_its_short_id_says_where_it_stands(
    workspace: Workspace,
) -> None:
    excluded = plan_saved_excluding(
        workspace,
        "quickstart:dam-q/logger-2",
        ("quickstart:dam-z/logger-2", 70),
        ("quickstart:dam-q/logger-2", 80),
    )
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "remove", "refId": "quickstart:dam-z/logger-2"}]
    )

    said = saved_plan_refused(workspace)

    assert f"--exclude '{excluded}', which matches nothing the platform holds now" in said, said
    assert re.search(rf"\b{re.escape(excluded)} now at dam-a/logger-2\b", said), said
    assert said.endswith("run iotplan plan again"), said
    assert workspace.live_entity("quickstart:dam-q/logger-2/pz-1")["id"]
