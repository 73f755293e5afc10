"""A shard creating a connection named as one of the stack's that no manifest declares and another shard
removes (a key renamed without `moved`, split over two shards: fz67, fx167) is refused, as one run would
hint the pair; only where that connection may hold history, is the stack's, and is named alike."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.live import LiveEntity
from iotplan.plan.coverage import Shard
from iotplan.plan.model import Action
from iotplan.plan.ownership import Ownership
from iotplan.plan.renames import created_beside_another_shards_removal
from tests.render.plans import PROJECT, change

SHARD = Shard(2, 2)  # dam-a's; dam-ab is the first's
CREATED = change("dam-a", Action.CREATE, "not on the platform", after={"name": "Dam A"})


def held_elsewhere(**props: Any) -> dict[str, list[LiveEntity]]:
    values = {"NAME": "Dam A", "SERIAL_NO": "dams:dam-ab", "OBSERVATION_COUNT": 1000} | props
    return {PROJECT: [LiveEntity("/api/0A1B2C/node", {k: v for k, v in values.items() if v is not None})]}


def refused(elsewhere: dict[str, list[LiveEntity]]) -> list[str]:
    refusals = created_beside_another_shards_removal([CREATED], elsewhere, Ownership("dams"), SHARD)
    return [refusal.text for refusal in refusals]


def test_the_creation_named_as_another_shards_removal_is_refused_naming_it() -> None:
    [text] = refused(held_elsewhere())
    assert text.startswith(
        "dam-a: would be created beside the stack's own dam-ab (/api/0A1B2C/node, holding 1,000"
    )
    assert "whose removal shard 1/2 plans, not this shard 2/2" in text
    assert "plan without --shard" in text and "`moved: [{from: dam-ab, to: dam-a}]`" in text


def test_a_connection_whose_count_is_not_given_may_hold_history() -> None:
    [text] = refused(held_elsewhere(OBSERVATION_COUNT=None))
    assert "holding an unknown number of observations" in text


@pytest.mark.parametrize(
    "props",
    [
        {"OBSERVATION_COUNT": 0},  # no history: its removal needs no --allow-destroy, nothing is lost
        {"NAME": "Dam B"},
        {"SERIAL_NO": "other:dam-ab"},  # another stack's: no shard removes it
    ],
    ids=["no history", "named otherwise", "another stack's"],
)
def test_no_look_alike_refuses_nothing(props: dict[str, Any]) -> None:
    assert refused(held_elsewhere(**props)) == []
