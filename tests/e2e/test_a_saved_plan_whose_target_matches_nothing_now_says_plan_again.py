"""A plan saved with --target dam-a/logger-2#<short id>, removing one of two devices whose refIds end
alike; another writer then removes the other, so the targeted one stands at dam-a/logger-2. Its apply
said "Error: --target 'dam-a/logger-2#…' matches no address in this plan", though the user typed no
--target, and not to plan again (fz112). It is still refused, as the platform's change (fx393)."""

from __future__ import annotations

from tests.e2e.alike_siblings import plan_saved_targeting_the_first_of, saved_plan_refused
from tests.e2e.conftest import Workspace


def test_a_saved_plan_whose_target_matches_nothing_now_says_plan_again(workspace: Workspace) -> None:
    target = plan_saved_targeting_the_first_of(
        workspace, ("quickstart:dam-z/logger-2", 70), ("quickstart:dam-q/logger-2", 80)
    )
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "remove", "refId": "quickstart:dam-q/logger-2"}]
    )

    said = saved_plan_refused(workspace)

    assert "in this plan" not in said, said
    assert f"the plan was made with --target '{target}', which matches nothing" in said, said
    assert "the platform changed since the plan was made" in said, said
    assert said.endswith("run iotplan plan again"), said
    assert workspace.live_entity("quickstart:dam-z/logger-2/pz-1")["id"]
