"""--prune-unmanaged takes nothing another stack owns (`owner_of`): that stack's plan removes it once
its manifest drops it (README "Between stacks"). Its device under a shared connection is left, saying
whose it is and what to do; an unmanaged device holding its sensor is left; a removal of this stack's
own that would take it is refused, with the flag or without (fz65 #1, #4)."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.plan.model import Action
from tests.guards.fleet import DAM_B, FLEET, add_device, add_sensor, connection_of, live_fleet, plan_for

THEIRS = "not declared, not owned by stack 'site' but by stack 'other' (SERIAL_NO 'other:dam-b/logger-9')"
LEFT = (
    "; --prune-unmanaged leaves it (another stack's): the plan of stack 'other' removes it once "
    "that manifest drops it; if that stack is retired, apply its manifest with --destroy, or remove it "
    "in the platform's web app"
)
WITHOUT_DAM_B = FLEET.replace(DAM_B, "")


def _by_address(plan) -> dict[str, object]:
    return {change.address: change for change in plan.changes}


def test_another_stacks_device_is_named_its_own_without_prune() -> None:
    live = live_fleet()
    add_device(connection_of(live, "site:dam-b"), "0F0F0F", "other:dam-b/logger-9")
    change = _by_address(plan_for(FLEET, live))["dam-b/#0F0F0F"]
    assert (change.action, change.reason) == (Action.UNMANAGED, THEIRS)


def test_prune_leaves_another_stacks_device_saying_whose_it_is() -> None:
    live = live_fleet()
    add_device(connection_of(live, "site:dam-b"), "0F0F0F", "other:dam-b/logger-9")
    plan = plan_for(FLEET, live, prune_unmanaged=True)
    change = _by_address(plan)["dam-b/#0F0F0F"]
    assert (change.action, change.reason) == (Action.UNMANAGED, THEIRS + LEFT)
    assert plan.writes == ()


def test_prune_leaves_an_unmanaged_device_holding_another_stacks_sensor() -> None:
    live = live_fleet()
    dam_b = connection_of(live, "site:dam-b")
    device = add_device(dam_b, "0F0F0F", "hand-made")
    add_sensor(dam_b, device, "0E0E0E", "other:dam-b/hand-made/t")
    change = _by_address(plan_for(FLEET, live, prune_unmanaged=True))["dam-b/#0F0F0F"]
    assert change.action is Action.UNMANAGED
    assert change.reason.endswith(
        "--prune-unmanaged leaves it (it holds what another stack owns: dam-b/#0F0F0F/#0E0E0E (stack "
        "'other', SERIAL_NO 'other:dam-b/hand-made/t')): that stack likely adopts it by `ref_id:`, so it "
        "stays while they do; removing it in the platform's web app would take them too"
    )


@pytest.mark.parametrize("prune", [False, True])
def test_removing_the_stacks_connection_taking_another_stacks_device_is_refused(prune: bool) -> None:
    live = live_fleet()
    add_device(connection_of(live, "site:dam-b"), "0F0F0F", "other:dam-b/logger-9")
    with pytest.raises(PlanError) as raised:
        plan_for(WITHOUT_DAM_B, live, prune_unmanaged=prune)
    assert str(raised.value) == (
        "no safe plan exists:\n"
        "  dam-b: removing this connection would also remove 1 entity that another stack owns, which this "
        "stack's plan never takes, --prune-unmanaged or not: dam-b/#0F0F0F (stack 'other', SERIAL_NO "
        "'other:dam-b/logger-9'); that stack's plan removes them once its manifest drops them (a retired "
        "stack's: apply its manifest with --destroy, or remove them in the platform's web app), and only "
        "then can this go ahead; to remove this stack's own devices under it now, keep dam-b in the "
        "manifest with `devices: []` and apply that (not --destroy) with --allow-destroy: dam-b then "
        "stays, this stack's, until stack 'other' no longer uses it"
    )


SHARED = (
    "not declared, not owned by stack 'site' (SERIAL_NO 'SN-0042'); --prune-unmanaged leaves it (the "
    "connection is shared with stack 'other', whose manifest may adopt this by `ref_id:`, which this plan "
    "cannot see): remove it in the platform's web app once sure no manifest adopts it (a `ref_id:` naming "
    "its SERIAL_NO)"
)


def test_prune_removes_nothing_under_the_stacks_connection_another_stack_has_entities_under() -> None:
    live = live_fleet()
    dam_b = connection_of(live, "site:dam-b")
    add_device(dam_b, "0F0F0F", "other:dam-b/logger-9")
    add_device(dam_b, "0A0A0A", "SN-0042")  # the other stack's manifest may adopt it by `ref_id: SN-0042`
    plan = plan_for(FLEET, live, prune_unmanaged=True)
    change = _by_address(plan)["dam-b/#0A0A0A"]
    assert (change.action, change.reason) == (Action.UNMANAGED, SHARED)
    assert plan.writes == ()


def _held_by_id(live, ref_id: str | None) -> str:
    """FLEET with dam-b pinned by `id:`, its live refId made `ref_id` (the connection's maker's)."""
    dam_b = connection_of(live, "site:dam-b")
    dam_b.node.props.pop("SERIAL_NO")
    if ref_id:
        dam_b.node.props["SERIAL_NO"] = ref_id
    add_device(dam_b, "0A0A0A", "SN-0042")
    return FLEET.replace("name: Dam B", f"name: Dam B\n        id: {dam_b.node.id}")


@pytest.mark.parametrize(
    ("ref_id", "whose"),
    [
        ("other:dam-b", "owned by stack 'other'"),
        ("legacy-7", "another tool's (SERIAL_NO 'legacy-7')"),
        (None, "another tool's (no SERIAL_NO)"),
    ],
)
def test_prune_removes_nothing_under_a_connection_held_by_id_that_is_not_the_stacks(
    ref_id: str | None, whose: str
) -> None:
    live = live_fleet()
    text = _held_by_id(live, ref_id)
    plan = plan_for(text, live, prune_unmanaged=True)
    change = _by_address(plan)["dam-b/#0A0A0A"]
    assert change.action is Action.UNMANAGED
    assert change.reason.endswith(
        f"--prune-unmanaged leaves it (the connection is {whose}, held here by `id:`; a manifest that has "
        "it may adopt this by `ref_id:`, which this plan cannot see): remove it in the platform's web app "
        "once sure no manifest adopts it (a `ref_id:` naming its SERIAL_NO)"
    )
    assert plan.writes == ()


def test_prune_still_removes_under_the_stacks_own_connection_no_other_stack_is_seen_under() -> None:
    live = live_fleet()
    add_device(connection_of(live, "site:dam-b"), "0A0A0A", "SN-0042")
    plan = plan_for(FLEET, live, prune_unmanaged=True)
    assert _by_address(plan)["dam-b/#0A0A0A"].action is Action.REMOVE


def test_a_device_that_may_be_the_stacks_holding_another_stacks_sensor_is_not_sent_to_the_web_app() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    device = add_device(dam_a, "0F0F0F", "SITE:legacy")  # this stack's prefix in another case
    add_sensor(dam_a, device, "0E0E0E", "other:dam-a/legacy/t")
    change = _by_address(plan_for(FLEET, live, prune_unmanaged=True))["dam-a/#0F0F0F"]
    assert "--prune-unmanaged leaves it (it holds what another stack owns: " in change.reason
    assert "web app would take them too" in change.reason
