"""Two sites named alike ("Twin dam") whose keys were swapped in a --sites file trade their lat/lon, but
one's elevation is re-stated (25 where the other's was 20) or dropped, or one lat is a metre off
(-42.50001): the plan compared whole locations, elevation and every decimal, so no location was
taken, and it planned both moves in place, each site's history relabelled as the other's, exit 0.
A connection takes another's location where its new lat/lon lies within SAME_PLACE_KM of the other's
live one, heights left out, as the 1 km rule reads distances; sites swapping places no farther apart
than TRADE_LEG_KM (a re-survey of namesakes reads so, each landing metres off the other's point: on
it, a leg, cr165), or a site moved to a place no site holds, or one with no location, trade nothing
(fz118: a swap 330 m apart is refused, a leg of a closed cycle needing no more than TRADE_LEG_KM)."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Plan, PlanOptions
from tests.plan.livebuilder import applied

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
SITE = """      - key: {key}
        name: Twin dam
{location}        devices:
          - key: logger
            sensors:
              - {{key: pz-1, metrics: [{{metric: f, unit: Hz}}]}}
"""
NORTH = "{lat: -36.58, lon: 173.07, elevation: 10}"
SOUTH = "{lat: -42.5, lon: 168.7, elevation: 20}"


def manifest(site_01: str | None, site_02: str | None) -> str:
    head = f"apiVersion: iotplan/v1\nstack: fleet\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
    return head + "".join(
        SITE.format(key=key, location=f"        location: {where}\n" if where else "")
        for key, where in (("site-01", site_01), ("site-02", site_02))
    )


def plan_of(applied_sites: tuple[str | None, str | None], *sites: str | None) -> Plan:
    live = applied(parse_manifest(manifest(*applied_sites), "fleet.yaml"), observations=25)
    desired = desired_state(parse_manifest(manifest(*sites), "fleet.yaml"))
    return make_plan(desired, live, PlanOptions())


@pytest.mark.parametrize(
    ("site_01", "site_02"),
    [
        ("{lat: -42.5, lon: 168.7, elevation: 25}", NORTH),
        ("{lat: -42.5, lon: 168.7}", "{lat: -36.58, lon: 173.07}"),
        ("{lat: -42.50001, lon: 168.7}", "{lat: -36.58, lon: 173.07}"),
    ],
    ids=["elevation re-stated", "elevation dropped", "a metre off"],
)
def test_a_location_trade_re_stating_elevation_or_a_metre_off_is_refused(site_01: str, site_02: str) -> None:
    with pytest.raises(NoSafePlanError) as refused:
        plan_of((NORTH, SOUTH), site_01, site_02)

    [refusal] = refused.value.refusals
    assert refusal.address == "site-01" and refusal.about_also[0] == "site-02"
    assert refusal.text.startswith(
        "site-01: would take site-02's location (-42.5, 168.7) while site-02 takes site-01's, "
        "(-36.58, 173.07): the two connections trade locations"
    ), refusal.text


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            ("{lat: -42.5, lon: 168.7}", "{lat: -42.5015, lon: 168.7}"),
            ("{lat: -42.50147, lon: 168.7}", "{lat: -42.50003, lon: 168.7}"),
        ),
        ((NORTH, SOUTH), ("{lat: -42.545, lon: 168.7, elevation: 20}", SOUTH)),
        ((None, SOUTH), (None, "{lat: -36.58, lon: 173.07, elevation: 20}")),
    ],
    ids=[
        "two sites 170 m apart swapping, re-surveyed metres off",
        "a site moved 5 km to a fresh place",
        "a site with no location",
    ],
)
def test_sites_apart_or_moved_to_a_fresh_place_or_with_no_location_are_no_trade(
    before: tuple[str | None, str | None], after: tuple[str | None, str | None]
) -> None:
    plan = plan_of(before, *after)

    assert {c.address for c in plan.changes if c.action is Action.UPDATE} == {
        key for key, was, now in zip(("site-01", "site-02"), before, after, strict=True) if was != now
    }
