"""A creation a fence selects, beside the stack's own removal that looks renamed to it and that the fence
leaves out, is refused: the manifest is likely older than a `moved` rename applied since, and the plan
would make a second connection for one site (fz65 #2). Unfenced, or with both selected, it plans."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.model import Action
from tests.guards.fleet import DAM_A, DAM_B, live_fleet, manifest, plan_for, writes

STALE = manifest(DAM_A, DAM_B.replace("key: dam-b", "key: dam-c"))  # dam-c renamed to dam-b on the platform


@pytest.mark.parametrize("fence", [{"targets": ("dam-c",)}, {"excludes": ("dam-b",)}])
def test_the_creation_is_refused_naming_the_live_look_alike(fence: dict[str, tuple[str, ...]]) -> None:
    with pytest.raises(NoSafePlanError) as raised:
        plan_for(STALE, live_fleet(observations=5), **fence)
    [refusal] = raised.value.refusals
    assert refusal.address == "dam-c"
    assert refusal.text.startswith("dam-c: would be created beside the stack's own dam-b (#")
    assert "holding 10 observations), which looks like dam-c renamed" in refusal.text


def test_the_live_look_alike_is_named_by_its_short_id_as_other_refusals_name_one() -> None:
    live = live_fleet(observations=5)
    dam_b = next(
        c for c in next(iter(live.projects.values())).connections.values() if c.node.ref_id == "site:dam-b"
    )
    with pytest.raises(NoSafePlanError) as raised:
        plan_for(STALE, live, targets=("dam-c",))
    [refusal] = raised.value.refusals
    assert f"the stack's own dam-b (#{dam_b.node.short_id}, holding 10 observations)" in refusal.text
    assert dam_b.node.id not in refusal.text  # its API path, where other refusals name the short id


def test_unfenced_or_holding_both_the_plan_is_made() -> None:
    live = live_fleet(observations=5)
    assert ("dam-b", Action.REMOVE) in writes(plan_for(STALE, live))
    assert ("dam-c", Action.CREATE) in writes(plan_for(STALE, live, targets=("dam-b", "dam-c")))


def test_a_removal_holding_no_history_is_no_look_alike() -> None:
    """The hint's rule: only a removal destroying history is hinted, so only one refuses."""
    assert ("dam-c", Action.CREATE) in writes(plan_for(STALE, live_fleet(), targets=("dam-c",)))
