"""fz118: site-027 ("Piezometer station") relocated 1.68 km to stand 70 m from its namesake site-026,
which keeps its key, name and place, and a new site-950 added 39 m from site-027's old spot. The plan
refused it as a key shift ("site-027: would take site-026's location ... while site-950, a new
connection, takes site-027's"), with a `moved` way forward validate rejects: the chain of takings ran
on into site-026, in sync. A location taken from a connection that keeps its key and place relabels
nothing (site-026's history stays where it is): no link. A name taken from one is (the shift test's
site-02 taking in-sync Clyde's name), and one removed is still shifted onto."""

from __future__ import annotations

from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Kind, PlanOptions
from tests.plan.namesake_sites import SITE_026, applied_and_declared


def test_a_site_relocated_beside_a_namesake_as_a_new_one_takes_its_old_place_is_planned() -> None:
    desired, live = applied_and_declared(
        (SITE_026, ("site-027", -38.39735, 170.011232)),
        (SITE_026, ("site-027", -38.387234, 169.997914), ("site-950", -38.39701, 170.011353)),
    )

    plan = make_plan(desired, live, PlanOptions())

    assert {(c.address, c.action) for c in plan.changes if c.action.writes and c.kind is Kind.NODE} == {
        ("site-027", Action.UPDATE),
        ("site-950", Action.CREATE),
    }
