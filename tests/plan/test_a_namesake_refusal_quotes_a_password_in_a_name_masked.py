"""A connection another stack named as this manifest's (or in another case) was refused quoting the
name with its `user:pw@` in clear, the manifest's always and the live one where equal to it, though
every plan shows it "(sensitive)@host". Now both are quoted masked, as views show them."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveEntity
from tests.plan.livebuilder import empty
from tests.plan.test_copies import _project
from tests.plan.test_diff import MANIFEST, load, plan_for

NAMED = MANIFEST.replace("name: Dam A", "name: 'feed sa:Tr0ub4dor3@db.example'")


@pytest.mark.parametrize(
    ("live_name", "quoted"),
    [
        ("feed sa:Tr0ub4dor3@db.example", "named 'feed (sensitive)@db.example' belongs to stack"),
        (
            "FEED sa:Tr0ub4dor3@db.example",
            "named 'FEED (sensitive)@db.example', which reads as this manifest's "
            "'feed (sensitive)@db.example' (only case",
        ),
    ],
)
def test_a_namesake_refusal_quotes_a_password_in_a_name_masked(live_name: str, quoted: str) -> None:
    live = empty(load(NAMED))
    _project(live).unclaimed.append(
        LiveEntity("/api/ABCDEF/node", {"NAME": live_name, "SERIAL_NO": "gamma:g1"})
    )
    with pytest.raises(PlanError) as refused:
        plan_for(load(NAMED), live)
    assert quoted in str(refused.value)
    assert "Tr0ub4dor3" not in str(refused.value)
