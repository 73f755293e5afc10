"""A plan saved with --exclude dam-a/logger-2#<short id>, removing the other of two devices whose refIds
end alike; another writer then removes that other one, so the excluded one stands at dam-a/logger-2.
Its apply is refused as "--exclude '…' matches nothing the platform holds now", naming where the
excluded entity stands now, a `#` and short id away, as a saved --target's refusal does."""

from __future__ import annotations

import re

from iotplan.live.model import short_id
from tests.e2e.alike_siblings import plan_saved_over_strays, saved_plan_refused
from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_saved_plan_whose_excluded_entity_lost_its_short_id_says_where_it_stands(
    workspace: Workspace,
) -> None:
    plan_saved_over_strays(workspace, ("quickstart:dam-z/logger-2", 70), ("quickstart:dam-q/logger-2", 80))
    excluded = f"dam-a/logger-2#{short_id(workspace.live_entity('quickstart:dam-q/logger-2')['id'])}"
    planned = workspace.run("plan", QUICKSTART, "--exclude", excluded, "--out", "plan.json")
    assert planned.exit_code in (0, 2), planned.output
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "remove", "refId": "quickstart:dam-z/logger-2"}]
    )

    said = saved_plan_refused(workspace)

    assert f"--exclude '{excluded}', which matches nothing the platform holds now" in said, said
    assert re.search(rf"\b{re.escape(excluded)} now at dam-a/logger-2\b", said), said
    assert said.endswith("run iotplan plan again"), said
    assert workspace.live_entity("quickstart:dam-q/logger-2/pz-1")["id"]
