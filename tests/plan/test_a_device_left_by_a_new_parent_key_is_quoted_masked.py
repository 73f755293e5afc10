"""A device left under its connection's old key (the connection pinned by `id:`), re-keyed with the
same name: the refusal quoted the manifest's name with its `user:pw@` in clear (`named 'cab
sa:...@db.example'`), which plans show "(sensitive)@host". Now it is quoted masked, as views do."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from tests.plan.livebuilder import applied, first_connection
from tests.plan.test_diff import MANIFEST, load, plan_for

NAMED = MANIFEST.replace("name: Logger", "name: 'cab sa:Tr0ub4dor3@db.example'")


def test_a_device_left_by_a_new_parent_key_is_quoted_masked() -> None:
    live = applied(load(NAMED))
    pinned = f"key: dam-b\n        id: {first_connection(live).node.id}"  # found whatever its key
    rekeyed = NAMED.replace("key: dam-a", pinned).replace("key: logger-1", "key: logger-2")
    with pytest.raises(PlanError) as refused:
        plan_for(load(rekeyed), live)
    assert "named 'cab (sensitive)@db.example' is where it would go" in str(refused.value)
    assert "Tr0ub4dor3" not in str(refused.value)
