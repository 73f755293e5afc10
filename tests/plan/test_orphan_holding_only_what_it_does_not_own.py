"""An orphan connection of the stack holding only entities it does not own (fz119): its reason says
once that they are not the stack's, not first `with 1 device and 2 sensors` as if they were."""

from __future__ import annotations

import itertools

from iotplan.plan.model import PlanOptions
from tests.plan.livebuilder import applied, first_connection
from tests.plan.test_diff import MANIFEST, find_change, load, plan_for


def test_an_orphan_holding_only_what_the_stack_does_not_own_says_so_once() -> None:
    live = applied(load())
    connection = first_connection(live)
    held = [*connection.devices, *itertools.chain(*connection.sensors.values())]
    for n, entity in enumerate(held):
        entity.props["SERIAL_NO"] = f"manual-{n}"
    no_node = MANIFEST.split("    nodes:\n")[0] + "    nodes: []\n"
    removal = find_change(plan_for(load(no_node), live, PlanOptions(prune_unmanaged=True)), "dam-a")
    assert removal.reason.startswith(
        "not in the manifest; owned by stack 'site'; its 1 device and 2 sensors, which that stack does "
        "not own, go with it: dam-a/#"
    )
