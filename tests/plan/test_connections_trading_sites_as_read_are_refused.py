"""Connections trading sites as a person reads them are refused as exact name trades are (cr146):
names that differ only in case or blanks (a CSV cell's trailing space) were no trade, and two sites
named alike trading locations (keys swapped) was planned in place, each site's history relabelled.
A connection pinned by `id:` is found by its id, so it is no trade (plan/traded_names.py)."""

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
        name: "{name}"
        location: {{lat: {lat}, lon: 170.0}}
{pin}        devices:
          - key: logger
            sensors:
              - {{key: pz-1, metrics: [{{metric: f, unit: Hz}}]}}
"""
IDS = {"site-01": "/api/3B088D/node", "site-02": "/api/612BA8/node"}


def manifest(*sites: tuple[str, str, float], pinned: bool = False) -> str:
    head = f"apiVersion: iotplan/v1\nstack: fleet\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
    return head + "".join(
        SITE.format(key=key, name=name, lat=lat, pin=f"        id: {IDS[key]}\n" if pinned else "")
        for key, name, lat in sites
    )


def plan_of(
    applied_sites: tuple[tuple[str, str, float], ...], *sites: tuple[str, str, float], pinned: bool = False
) -> Plan:
    live = applied(parse_manifest(manifest(*applied_sites, pinned=pinned), "fleet.yaml"), observations=25)
    desired = desired_state(parse_manifest(manifest(*sites, pinned=pinned), "fleet.yaml"))
    return make_plan(desired, live, PlanOptions())


APART = (("site-01", "Aoraki dam", -39.2), ("site-02", "Benmore dam", -42.5))


@pytest.mark.parametrize("benmore", ["benmore dam", "Benmore  dam", "BENMORE DAM"])
def test_names_traded_as_a_person_reads_them_are_refused(benmore: str) -> None:
    with pytest.raises(NoSafePlanError) as refused:
        plan_of(APART, ("site-01", benmore, -39.2), ("site-02", "Aoraki dam", -42.5))

    [refusal] = refused.value.refusals
    assert refusal.text.startswith(
        "site-01: would take site-02's name 'Benmore dam' while site-02 takes site-01's, 'Aoraki dam'"
    )


def test_two_sites_named_alike_trading_locations_are_refused() -> None:
    alike = (("site-01", "Tekapo", -39.2), ("site-02", "Tekapo", -42.5))
    with pytest.raises(NoSafePlanError) as refused:
        plan_of(alike, ("site-01", "Tekapo", -42.5), ("site-02", "Tekapo", -39.2))

    [refusal] = refused.value.refusals
    assert refusal.address == "site-01" and refusal.about_also[0] == "site-02"
    assert refusal.text.startswith(
        "site-01: would take site-02's location (-42.5, 170.0) while site-02 takes site-01's, "
        "(-39.2, 170.0): the two connections trade locations"
    )
    assert "If the locations were traded in the platform's web app" in refusal.text


def test_locations_traded_within_a_kilometre_are_no_trade() -> None:
    """Two loggers 100 m apart re-surveyed, each landing metres off the other's point (an exact swap
    lands on it: a trade, cr165): the same site each."""
    near = (("site-01", "Tekapo", -42.5), ("site-02", "Tekapo", -42.501))
    plan = plan_of(near, ("site-01", "Tekapo", -42.50097), ("site-02", "Tekapo", -42.50003))
    assert {c.address for c in plan.changes if c.action is Action.UPDATE} == {"site-01", "site-02"}


def test_connections_pinned_by_id_trading_names_are_no_trade() -> None:
    """Each found by its id, so the id says which site is which: the names are the user's to trade."""
    plan = plan_of(APART, ("site-01", "Benmore dam", -42.5), ("site-02", "Aoraki dam", -39.2), pinned=True)
    assert {c.address for c in plan.changes if c.action is Action.UPDATE} == {"site-01", "site-02"}


def test_the_moved_way_forward_says_what_a_sites_file_holds_at_each_step() -> None:
    with pytest.raises(NoSafePlanError) as refused:
        plan_of(APART, ("site-01", "Benmore dam", -42.5), ("site-02", "Aoraki dam", -39.2))

    said = refused.value.refusals[0].text
    assert (
        "with a --sites file, each step's file holds its entry's `to` key in place of its `from`, starting "
        "from the file as applied before the swap, the spare key in the row of the site the entry moves"
    ) in said
