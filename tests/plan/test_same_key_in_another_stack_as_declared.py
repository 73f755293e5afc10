"""Another stack's connection of a found connection's key (plan/copies.py `same_key_in_another_stack`)
is looked up by the key as declared, folded as refIds are compared (`Dam-A` finds `gamma:dam-a`),
named alike as the manifest names it (not as the live connection is named now), and never by this
stack's own prefix in another case: `SITE:dam-a` is no stack 'SITE' of its own. Its count is the
other stack's to read, so none is shown."""

from __future__ import annotations

from iotplan.plan.model import Action, Change
from iotplan.render.json_plan import plan_to_dict
from tests.plan.livebuilder import applied, first_connection
from tests.plan.test_diff import MANIFEST, load, plan_for
from tests.plan.test_same_key_in_another_stack import _beside


def duplicates(manifest: str, serial: str, name: str, live_name: str = "Dam A") -> list[Change]:
    live = applied(load(manifest))
    first_connection(live).node.props["NAME"] = live_name
    _beside(live, serial, name)
    return [change for change in plan_for(load(manifest), live).changes if change.action is Action.DUPLICATE]


def test_a_key_declared_in_capitals_finds_another_stacks_connection_of_that_key_in_lower_case() -> None:
    [duplicate] = duplicates(MANIFEST.replace("- key: dam-a\n", "- key: Dam-A\n"), "gamma:dam-a", "Dam A")
    assert duplicate.reason.startswith("stack 'gamma' has a connection of this key here too")


def test_the_stacks_own_prefix_in_another_case_is_no_other_stack() -> None:
    """Never told as another stack's; that the read lists it as a copy of dam-a is pinned through
    the read (tests/live/test_case_twin_copies_fence_every_shard.py)."""
    assert not [
        change for change in duplicates(MANIFEST, "SITE:dam-a", "Dam A") if "stack 'SITE'" in change.reason
    ]


def test_the_name_compared_is_the_declared_one_not_the_live_connections() -> None:
    [duplicate] = duplicates(MANIFEST, "gamma:dam-a", "Dam A", live_name="Dam A renamed in the web app")
    assert duplicate.live_id == "/api/B0B0B0/node"
    assert not duplicates(MANIFEST, "gamma:dam-a", "Dam A renamed in the web app")


def test_another_stacks_connection_shows_no_count_in_json_never_0() -> None:
    """Its devices and sensors are not read here: 0 would read as "no history" (its stack's to count)."""
    live = applied(load())
    _beside(live, "gamma:dam-a", "Dam A")
    changes = plan_to_dict(plan_for(load(), live))["changes"]
    [duplicate] = [change for change in changes if change["action"] == "duplicate"]
    assert duplicate["observations"] is None
