"""cr166: a row copied down over a namesake whose own row is corrected in the same edit: site-026's lat moved
25 m or 60 m (a re-survey, site-026 keeping its key and place), site-027 ("Piezometer station", 1.7 km off)
given site-026's NEW lat/lon, a new site-950 of that name given site-027's old one. The copy was told only
against site-026's live point, 25 m or 60 m off, so it was planned, exit 0, in one run, each shard and merge:
site-027's history read at site-026's place, site-950 empty where it was gathered. A copied row carries the
edited values, so the taker's new point is weighed against the namesake's declared point too."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.diff import make_plan
from iotplan.plan.model import PlanOptions
from tests.plan.namesake_sites import OLD_027, applied_and_declared

LON_026 = 169.997196


@pytest.mark.parametrize("resurveyed_lat", [-38.386727, -38.386412])  # 25 m, 60 m north of its live point
def test_a_row_copied_down_over_a_namesake_corrected_in_the_same_edit_is_refused(
    resurveyed_lat: float,
) -> None:
    desired, live = applied_and_declared(
        (("site-026", -38.386952, LON_026), ("site-027", *OLD_027)),
        (
            ("site-026", resurveyed_lat, LON_026),
            ("site-027", resurveyed_lat, LON_026),
            ("site-950", *OLD_027),
        ),
    )

    with pytest.raises(NoSafePlanError) as refused:
        make_plan(desired, live, PlanOptions())

    assert "site-027: would take site-026's location" in str(refused.value), str(refused.value)
