"""cr165: a row copied down over a namesake: site-027 ("Piezometer station") given site-026's lat/lon
(site-026 in sync, keeping its key and place), a new site-950 of that name given site-027's old one.
Planned as it reads, site-027's history reads at site-026's place and site-950 starts empty where it
was gathered. Since a location taken from a connection that keeps its key and place stopped linking a
shift (fz118), it was planned and applied, exit 0. A location taken from an in-sync namesake links
still where the taker lands within TAKEN_EXACTLY_KM (2 m) of its place, or within TAKEN_NEARLY_KM
(20 m) while the new one stands within 2 m of the taker's old place: a re-survey by hand lands 3-5 m
off a point, never on one, and namesakes stand 38 m apart at the closest."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.diff import make_plan
from iotplan.plan.model import PlanOptions
from tests.plan.namesake_sites import OLD_027, SITE_026, applied_and_declared


@pytest.mark.parametrize(
    ("taken", "new"),
    [
        ((-38.386952, 169.997196), OLD_027),  # site-026's exact point, site-950 at site-027's
        ((-38.386962, 169.997196), (-38.39736, 170.011232)),  # 1.1 m off each, 5-decimal rounding
        ((-38.386772, 169.997196), OLD_027),  # 0.00018° (20 m) from site-026, site-950 at 027's
    ],
)
def test_a_row_copied_down_over_an_in_sync_namesake_is_refused_as_a_key_shift(
    taken: tuple[float, float], new: tuple[float, float]
) -> None:
    desired, live = applied_and_declared(
        (SITE_026, ("site-027", *OLD_027)), (SITE_026, ("site-027", *taken), ("site-950", *new))
    )

    with pytest.raises(NoSafePlanError) as refused:
        make_plan(desired, live, PlanOptions())

    assert "site-027: would take site-026's location" in str(refused.value), str(refused.value)
    # site-950's own point, where it stands (1.1 m off site-027's in the second case), not site-027's.
    said = f"site-950, a new connection at ({new[0]}, {new[1]}), takes site-027's location: the keys shift"
    assert said in str(refused.value), str(refused.value)
