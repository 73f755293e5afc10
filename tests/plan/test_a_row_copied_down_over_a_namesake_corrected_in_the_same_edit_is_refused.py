"""cr166: a row copied down over a namesake whose own row is corrected in the same edit: site-026's lat moved
25 m or 60 m (a re-survey, site-026 keeping its key and place), site-027 ("Piezometer station", 1.7 km off)
given site-026's NEW lat/lon, a new site-950 of that name given site-027's old one. The copy was told only
against site-026's live point, 25 m or 60 m off, so it was planned, exit 0, in one run, each shard and merge:
site-027's history read at site-026's place, site-950 empty where it was gathered. A copied row carries the
edited values, so the taker's new point is weighed against the namesake's declared point too."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import PlanOptions
from tests.plan.livebuilder import applied

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
SITE = """      - key: {key}
        name: Piezometer station
        location: {{lat: {lat}, lon: {lon}}}
        devices:
          - key: logger
            sensors:
              - {{key: pz-1, metrics: [{{metric: f, unit: Hz}}]}}
"""
LON_026 = 169.997196
OLD_027 = (-38.39735, 170.011232)


def manifest(*sites: tuple[str, float, float]) -> str:
    head = f"apiVersion: iotplan/v1\nstack: fleet\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
    return head + "".join(SITE.format(key=key, lat=lat, lon=lon) for key, lat, lon in sites)


@pytest.mark.parametrize("resurveyed_lat", [-38.386727, -38.386412])  # 25 m, 60 m north of its live point
def test_a_row_copied_down_over_a_namesake_corrected_in_the_same_edit_is_refused(
    resurveyed_lat: float,
) -> None:
    live = applied(
        parse_manifest(manifest(("site-026", -38.386952, LON_026), ("site-027", *OLD_027)), "f.yaml")
    )
    desired = desired_state(
        parse_manifest(
            manifest(
                ("site-026", resurveyed_lat, LON_026),
                ("site-027", resurveyed_lat, LON_026),
                ("site-950", *OLD_027),
            ),
            "f.yaml",
        )
    )

    with pytest.raises(NoSafePlanError) as refused:
        make_plan(desired, live, PlanOptions())

    assert "site-027: would take site-026's location" in str(refused.value), str(refused.value)
