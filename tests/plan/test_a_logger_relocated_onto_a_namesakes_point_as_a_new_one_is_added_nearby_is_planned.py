"""cr166: two loggers at one borehole: site-027 ("Piezometer station") relocated 1.7 km onto site-026's very
point (site-026 in sync), while a new site-950 of that name is added 60 m or 90 m from site-027's old place.
Any new connection within SAME_PLACE_KM (100 m) of the old place made the exact copy a row copied down over
site-026, refused. A row copied down pastes the displaced row at the old place (within 2 m), so one standing
farther than TAKEN_NEARLY_KM (21.4 m) from it is a new site beside it: planned, nothing relabelled."""

from __future__ import annotations

import pytest

from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Kind, PlanOptions
from tests.plan.namesake_sites import OLD_027, SITE_026, applied_and_declared


@pytest.mark.parametrize(
    "new",
    [
        (-38.39681, 170.011232),  # 60 m north of site-027's old place
        (-38.39735, 170.012265),  # 90 m east of it
    ],
)
def test_a_logger_relocated_onto_a_namesakes_point_as_a_new_one_is_added_nearby_is_planned(
    new: tuple[float, float],
) -> None:
    desired, live = applied_and_declared(
        (SITE_026, ("site-027", *OLD_027)), (SITE_026, ("site-027", *SITE_026[1:]), ("site-950", *new))
    )

    plan = make_plan(desired, live, PlanOptions())

    actions = {str(change.address): change.action for change in plan.changes if change.kind is Kind.NODE}
    assert actions["site-027"] is Action.UPDATE and actions["site-950"] is Action.CREATE, actions
