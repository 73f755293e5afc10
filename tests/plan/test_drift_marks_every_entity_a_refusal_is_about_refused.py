"""A refusal about entities beside its own (`Refusal.about_also`: the other connection of a trade of
names, the writes beneath both) marks each of their drift entries refused, not its own alone: `plan`
and `apply` refuse every write there (cr146 F3). Its message is told once, at its own entity's entry;
the drifted others point at it; one in sync, with nothing to write, stays in sync."""

from __future__ import annotations

from iotplan.plan.address import Address
from iotplan.plan.drift import Severity, Status
from iotplan.plan.drift_entries import drift_entries, with_refusals
from iotplan.plan.model import Action, Refusal
from tests.plan.test_drift import change, plan_of


def test_every_entry_a_refusal_is_about_is_refused_pointing_at_its_own() -> None:
    plan = plan_of(
        change("a", Action.UPDATE, "differs"),
        change("b", Action.UPDATE, "differs"),
        change("b/w", Action.REMOVE, "not in the manifest"),
        change("b/w/t", Action.REMOVE, "not in the manifest"),
        change("b/k", Action.NOOP, "in sync"),
    )
    about = (Address("b"), Address("b/w"), Address("b/w/t"), Address("b/k"))
    refusal = Refusal(Address("a"), "a: would take b's name", about_also=about)

    told = with_refusals(drift_entries(plan, "m.yaml", refusals=[refusal]), [refusal])

    assert told is not None
    by_address = {entry.address: entry for entry in told}
    assert {entry.address for entry in told if entry.refused} == {"a", "b", "b/w"}
    assert by_address["a"].reason.endswith("refuse it: a: would take b's name")
    for address in ("b", "b/w"):
        assert by_address[address].reason.endswith("`plan` and `apply` refuse it: see a")
        assert "would take" not in by_address[address].reason
    assert by_address["b"].severity is Severity.HIGH
    assert by_address["b/k"].status is Status.IN_SYNC  # nothing to write there: in sync, as it is
