"""A shard applies the one-run rename rule over the whole fleet (fz67, fx167, cr58): a connection it
creates, alike by name to one of the stack's that no manifest declares and another shard removes, and
alike to no other, is refused, as one run hints the pair; the other shard's removal, which the
connection list names without a count, is taken as holding an unknown number of observations, as one
run takes a count not given. A removal here alike to a creation another shard makes is hinted. Where
two look alike, nothing is: which is which no rule guesses."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.live import LiveEntity, LiveProject
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import OtherNode
from iotplan.plan.model import Action, Cause, Change
from iotplan.plan.ownership import Ownership
from iotplan.plan.renames import (
    left_out_by_another_shard,
    other_shards_changes,
    renamed_outside_the_fence,
    with_rename_hints_across_shards,
)
from tests.render.plans import PROJECT, change

SHARD = Shard(2, 2)  # dam-a's; dam-ab is the first's
OWN = Ownership("dams")
CREATED = change("dam-a", Action.CREATE, "not on the platform", after={"name": "Dam A"})


def listed(**props: Any) -> LiveEntity:
    values = {"NAME": "Dam A", "SERIAL_NO": "dams:dam-ab"} | props
    return LiveEntity("/api/0A1B2C/node", {k: v for k, v in values.items() if v is not None})


def project(*held: LiveEntity, unlisted: frozenset[str] = frozenset()) -> dict[str, LiveProject]:
    live = LiveProject(PROJECT, exists=True, held_elsewhere=list(held))
    live.unlisted_elsewhere = unlisted
    return {PROJECT: live}


def other(key: str, name: str) -> OtherNode:
    return OtherNode.summed(PROJECT, key, (f"dams:{key}",), None, [("logger", ["t"])], name=name)


def removed_here() -> Change:
    """dam-ab, 1,000 observations, removed by this shard."""
    return change(
        "dam-ab",
        Action.REMOVE,
        "not in the manifest",
        cause=Cause.NOT_IN_MANIFEST,
        observations=1_000,
        before={"name": "Dam A"},
        live_id="/api/0A1B2C/node",
    )


def refused(
    changes: list[Change], projects: dict[str, LiveProject], others: tuple[OtherNode, ...] = ()
) -> list[str]:
    """What the shard refuses of `changes`, planned beside what it knows of the others."""
    elsewhere = other_shards_changes(changes, others, projects, OWN)
    mine, theirs = with_rename_hints_across_shards(changes, elsewhere)
    left_out_by = left_out_by_another_shard(theirs, SHARD)
    return [refusal.text for refusal in renamed_outside_the_fence(mine, [*mine, *theirs], left_out_by)]


def test_the_creation_named_as_another_shards_removal_is_refused_naming_it() -> None:
    [text] = refused([CREATED], project(listed()))
    assert text.startswith("dam-a: would be created beside the stack's own dam-ab (#0A1B2C, holding")
    assert "an unknown number of observations: the connection list carries no count" in text
    assert "whose removal shard 1/2 plans, not this shard 2/2" in text
    assert "`moved: [{from: dam-ab, to: dam-a}]`" in text and "apply shard 1/2 first" in text


def test_a_count_on_the_list_is_not_relied_on() -> None:
    """Adapted (cc53959 refused nothing here): the list carries no count (docs/api-assumptions.md);
    0 there is no proof of none, so the pair is refused as for a count not given."""
    [text] = refused([CREATED], project(listed(OBSERVATION_COUNT=0)))
    assert "holding an unknown number of observations" in text


@pytest.mark.parametrize(
    "held",
    [
        [listed(NAME="Dam B")],
        [listed(SERIAL_NO="other:dam-ab")],  # another stack's: no shard removes it
        [listed(), listed(SERIAL_NO="dams:dam-ac")],  # two removals alike: no rule guesses
    ],
    ids=["named otherwise", "another stack's", "two alike"],
)
def test_no_single_look_alike_refuses_nothing(held: list[LiveEntity]) -> None:
    assert refused([CREATED], project(*held)) == []


def test_another_creation_alike_in_another_shard_refuses_nothing() -> None:
    """Fleets reuse display names (cr58 #2): dam-x, declared in shard 1 and listed nowhere, looks
    like dam-ab too."""
    unlisted = frozenset({"dams:dam-x"})
    assert refused([CREATED], project(listed(), unlisted=unlisted), (other("dam-x", "Dam A"),)) == []
    declared_live = project(listed())  # dam-x listed: no creation, so dam-a's pair is one
    assert len(refused([CREATED], declared_live, (other("dam-x", "Dam A"),))) == 1


def test_a_removal_here_is_hinted_to_its_look_alike_another_shard_creates() -> None:
    """cr58 #3: the removal's shard hints what one run hints."""
    removal = removed_here()
    projects = project(unlisted=frozenset({"dams:dam-a"}))
    elsewhere = other_shards_changes([removal], (other("dam-a", "Dam A"),), projects, OWN)
    [hinted], _ = with_rename_hints_across_shards([removal], elsewhere)
    assert hinted.looks_renamed_to == "dam-a"


def test_a_pair_here_beside_an_uncounted_look_alike_elsewhere_is_hinted_naming_it() -> None:
    """cr60 #1: dam-ab (here, 1,000 observations) and dam-a here look alike; dam-ac, named alike,
    another shard removes, its count unread. One run hints the pair where dam-ac holds nothing: so
    does this shard, naming dam-ac for the reviewer to check which is the rename."""
    removal = removed_here()
    projects = project(listed(SERIAL_NO="dams:dam-ac"))
    elsewhere = other_shards_changes([removal, CREATED], (), projects, OWN)
    [hinted, _], theirs = with_rename_hints_across_shards([removal, CREATED], elsewhere)
    assert hinted.looks_renamed_to == "dam-a" and hinted.named_alike_elsewhere == ("dam-ac",)
    assert all(change.looks_renamed_to is None for change in theirs)  # nothing refused
