"""A sensor not found by the refId its `moved` entry renames from, but another tool's sensor carries
it in another case: the refusal advised renaming it in the web app "or remove it there" without
saying that the removal destroys its observations. It says how many, after the rename that keeps
them."""

from __future__ import annotations

from iotplan.live import LiveEntity
from iotplan.plan.copies import standing_in_the_way
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Kind
from iotplan.plan.ownership import Ownership


def test_the_removal_advised_names_the_observations_it_destroys() -> None:
    entity = DesiredEntity.of(
        Kind.SENSOR, ("c1", "d1", "s1"), "site:c1/d1/s1", "p1", {}, None, old_ref_id="site:c1/d0/s1"
    )
    copy = LiveEntity("/api/000001/entity", {"SERIAL_NO": "SITE:c1/d0/S1", "OBSERVATION_COUNT": 42})
    standing = standing_in_the_way(entity, [copy], Ownership("site"), "ref_id")
    assert standing is not None and standing.live is None
    assert (
        'rename it in the platform\'s web app to "site:c1/d1/s1" (the refId its `moved`' in standing.problem
    )
    kept, _, removed = standing.problem.partition("remove it there")
    assert "history" in kept.rsplit(". ", 1)[-1]
    assert removed.startswith(", destroying 42 observations"), standing.problem
