"""A `moved` rename refused as both its old and its new entity stand: the plan lists the old one as
a removal, and drift told it "an apply, once `plan` is no longer refused ..., removes it, destroying
50 observations", unrefused, though no way forward removes it (fz108 F1). It is now refused, and
points at the entry's refusal, with no removal, its history or severity, told."""

from __future__ import annotations

from iotplan.plan.address import Address
from iotplan.plan.drift import Severity, Status
from iotplan.plan.drift_entries import drift_entries, with_refusals
from iotplan.plan.model import Action, Refusal
from tests.plan.test_drift import change, plan_of


def test_a_refused_moved_entrys_old_entity_points_at_the_entry_not_at_its_removal() -> None:
    orphaned = "not in the manifest; owned by stack 's'"
    plan = plan_of(
        change("a", Action.REMOVE, orphaned, live_id="/api/A1/node", observations=50),
        change("b", Action.UPDATE, "differs", live_id="/api/B2/node"),
    )
    refusal = Refusal(
        Address("b"), "b: moved: both a and b exist", about_also=(Address("a"),), moved_from="/api/A1/node"
    )

    told = with_refusals(drift_entries(plan, "m.yaml", refusals=[refusal]), [refusal])

    assert told is not None
    old = next(entry for entry in told if entry.address == "a")
    assert old.status is Status.ORPHANED and old.refused
    assert old.reason == (
        f"{orphaned}; its `moved` entry renames it to b, which stands too: which of the two stays is "
        "yours to choose; `plan` and `apply` refuse it: see b"
    )
    assert "removes it" not in old.reason
    assert (old.observations, old.severity) == (0, Severity.HIGH)
