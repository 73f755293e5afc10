"""Several unmanaged connections named as the manifest's were refused quoting the name with its
`user:pw@` in clear, which plans show "(sensitive)@host". Now it is quoted masked."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveEntity
from tests.plan.livebuilder import empty
from tests.plan.test_copies import _project
from tests.plan.test_diff import MANIFEST, load, plan_for

NAME = "feed sa:Tr0ub4dor3@db.example"
NAMED = MANIFEST.replace("name: Dam A", f"name: '{NAME}'")


def test_earlier_copies_refusal_quotes_a_password_in_their_name_masked() -> None:
    live = empty(load(NAMED))
    for node_id in ("/api/ABCDEF/node", "/api/FEDCBA/node"):
        _project(live).unclaimed.append(LiveEntity(node_id, {"NAME": NAME, "SERIAL_NO": node_id[5:11]}))
    with pytest.raises(PlanError) as refused:
        plan_for(load(NAMED), live)
    assert "2 nodes named 'feed (sensitive)@db.example' are not this stack's" in str(refused.value)
    assert "Tr0ub4dor3" not in str(refused.value)
