"""A `moved` rename whose old and new connections both stand is refused at the new one's address
alone: it named neither the old one, which the plan lists as a removal, nor the writes beneath the
new one, so `drift` listed them unrefused (`refused: false`) though `plan` and `apply` refuse every
write there, and told the old one "an apply ... removes it, destroying 50 observations", which no way
forward does (fz108 F1). The refusal is now about them too (`Refusal.about_also`), and names the old
one's live id (`Refusal.moved_from`): drift tells its entry to see the entry, not what a removal
destroys."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.address import Address
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, PROJECT, load, plan_for


def test_a_refused_move_onto_a_live_connection_is_about_the_old_one_and_the_writes_beneath_both() -> None:
    live = applied(load(), observations=10)
    stray = applied(load(MANIFEST.replace("key: dam-a\n", "key: dam-b\n").replace("Dam A", "Dam B")))
    [connection] = stray.projects[PROJECT].connections.values()
    connection.devices[0].props["NAME"] = "Logger of another tool"
    live.projects[PROJECT].connections[connection.node.id] = connection
    old = find(live, "site:dam-a").id
    moved = MANIFEST.replace("key: dam-a\n", "key: dam-b\n") + "moved:\n  - {from: dam-a, to: dam-b}\n"

    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(moved), live)

    [refusal] = [each for each in refused.value.refusals if "moved: both" in each.text]
    assert refusal.address == Address("dam-b")
    assert set(refusal.about_also) == {Address("dam-a"), Address("dam-b/logger-1")}
    assert refusal.moved_from == old
