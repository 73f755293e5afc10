"""A plan saved with --target dam-a/logger-2#<short id>, removing one of two devices whose refIds end
alike; another writer then removes the other, so the targeted one stands at dam-a/logger-2. Its apply
was refused as "--target '…' matches nothing the platform holds now", though the entity it targets
stands a `#` and short id away, where the same event without --target says "… now at dam-a/logger-2"
(fx380). It is still refused, naming where the entity stands now (fx406)."""

from __future__ import annotations

import re

from tests.e2e.alike_siblings import plan_saved_targeting_the_first_of, saved_plan_refused
from tests.e2e.conftest import Workspace


def test_a_saved_plan_whose_targeted_entity_lost_its_short_id_says_where_it_stands(
    workspace: Workspace,
) -> None:
    target = plan_saved_targeting_the_first_of(
        workspace, ("quickstart:dam-z/logger-2", 70), ("quickstart:dam-q/logger-2", 80)
    )
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "remove", "refId": "quickstart:dam-q/logger-2"}]
    )

    said = saved_plan_refused(workspace)

    assert re.search(rf"\b{re.escape(target)} now at dam-a/logger-2\b", said), said
    assert "edited" not in said, said
    assert said.endswith("run iotplan plan again"), said
    assert workspace.live_entity("quickstart:dam-z/logger-2/pz-1")["id"]
