"""Keys shifted in a --sites file (fz108): site-02 (Benmore) becomes site-99, a new key, and site-03
(Clyde) becomes site-02, no `moved`. The plan updated site-02 in place to Clyde's name and location,
removed site-03 and created an empty site-99 named Benmore: Benmore's history then read as Clyde's.
The trade check saw no closed cycle, the chain ending in a creation. Now a connection updated to take
another's live name while a creation takes its own is refused like a trade (plan/traded_names.py)."""

from __future__ import annotations

import re

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
        devices:
          - key: logger
            sensors:
              - {{key: pz-1, metrics: [{{metric: f, unit: Hz}}]}}
"""
AORAKI, BENMORE, CLYDE = ("Aoraki dam", -39.2), ("Benmore dam", -42.5), ("Clyde dam", -41.3)
LIVE = (("site-01", *AORAKI), ("site-02", *BENMORE), ("site-03", *CLYDE))


def manifest(*sites: tuple[str, str, float], pin: str = "") -> str:
    head = f"apiVersion: iotplan/v1\nstack: fleet\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
    body = "".join(SITE.format(key=key, name=name, lat=lat) for key, name, lat in sites)
    return head + body.replace("devices:", f"id: {pin}\n        devices:", 1) if pin else head + body


APPLIED = applied(parse_manifest(manifest(*LIVE), "fleet.yaml"), observations=25)


def plan_of(*sites: tuple[str, str, float], pin: str = "") -> Plan:
    return make_plan(
        desired_state(parse_manifest(manifest(*sites, pin=pin), "fleet.yaml")), APPLIED, PlanOptions()
    )


def test_keys_shifted_onto_a_new_key_are_refused_naming_each_and_the_ways_forward() -> None:
    with pytest.raises(NoSafePlanError) as refused:
        plan_of(("site-01", *AORAKI), ("site-99", *BENMORE), ("site-02", *CLYDE))

    [refusal] = refused.value.refusals
    assert refusal.address == "site-02" and set(refusal.about_also[:2]) == {"site-03", "site-99"}
    said = refusal.text
    assert said.startswith(
        "site-02: would take site-03's name 'Clyde dam' while site-99, a new connection, takes site-02's, "
        "'Benmore dam': the keys shift, so site-02's history would read as site-03's, and site-99 would "
        "start with no history under the name of the site that has it"
    )
    assert said.count(") holds 25 observations") == 2
    assert "put them back" in said
    assert "`{from: site-02, to: site-99}`, apply, then `{from: site-03, to: site-02}`" in said
    # Applied without site-99, site-02 taking the removed site-03's name and place is keys filled down,
    # refused in turn: one per apply, the removal first, which says it destroys site-03's history.
    assert said.endswith(
        "change one connection per apply, from the end (site-03, then site-02), each then taking a name no "
        "connection holds; the first apply removes site-03, destroying what it holds: 25 observations, "
        "then add site-99"
    )
    assert "apply without site-99 first" not in said


def test_a_key_shifted_taking_a_location_alone_is_refused() -> None:
    """Sites named alike: site-02 takes site-03's location, site-99 (new) site-02's."""
    with pytest.raises(NoSafePlanError) as refused:
        live = applied(
            parse_manifest(manifest(("site-02", "Tekapo", -42.5), ("site-03", "Tekapo", -41.3)), "f.yaml"),
            observations=25,
        )
        desired = desired_state(
            parse_manifest(manifest(("site-99", "Tekapo", -42.5), ("site-02", "Tekapo", -41.3)), "f.yaml")
        )
        make_plan(desired, live, PlanOptions())

    assert refused.value.refusals[0].text.startswith(
        "site-02: would take site-03's location (-41.3, 170.0) while site-99, a new connection at "
        "(-42.5, 170.0), takes site-02's location: the keys shift"
    )
    assert "(the same relabelling: site-02 takes site-03's location; that apply removes site-03" in (
        refused.value.refusals[0].text
    )


@pytest.mark.parametrize(
    "sites",
    [
        # site-02 renamed to a name no live connection holds, site-99 taking its old one far from its
        # place: the places tell the two apart (one taking its place too is refused, below).
        (
            ("site-01", *AORAKI),
            ("site-99", "Benmore dam", -44.0),
            ("site-02", "Spare", -42.5),
            ("site-03", *CLYDE),
        ),
        # A new site named as a removed one: the rename hint's, no connection updated onto it.
        (("site-01", *AORAKI), ("site-02", *BENMORE), ("site-99", *CLYDE)),
        # site-02 takes the removed site-03's name, no creation taking site-02's (its place kept: taking
        # site-03's too is keys filled down, plan/traded_names.py's `_filled_down`).
        (("site-01", *AORAKI), ("site-02", "Clyde dam", BENMORE[1])),
    ],
    ids=["chain-ending-in-a-new-name", "new-site-named-as-a-removed-one", "no-creation"],
)
def test_renames_that_shift_no_site_onto_a_new_key_are_planned(
    sites: tuple[tuple[str, str, float], ...],
) -> None:
    plan = plan_of(*sites)
    assert any(c.action is Action.CREATE or c.action is Action.UPDATE for c in plan.changes)


def test_a_connection_pinned_by_id_takes_part_in_no_shift() -> None:
    """site-02 found by its id: the id says which site it is, and its name is the user's to change."""
    site_02 = next(c.live_id for c in plan_of(*LIVE).changes if c.address == "site-02")
    plan = plan_of(("site-02", *CLYDE), ("site-01", *AORAKI), ("site-99", *BENMORE), pin=str(site_02))
    assert {c.address for c in plan.changes if c.action is Action.UPDATE} == {"site-02"}


def test_sites_sharing_coordinates_named_apart_are_no_shift() -> None:
    """fx387: site-02's logger moved to Clyde dam (site-03's coordinates) under a name of its own, a
    new site-04 at Benmore under another: no name taken, and the names tell the sites apart."""
    plan = plan_of(
        ("site-01", *AORAKI),
        ("site-02", "Clyde dam logger 2", CLYDE[1]),
        ("site-03", *CLYDE),
        ("site-04", "Benmore dam logger 2", BENMORE[1]),
    )
    assert {c.address for c in plan.changes if c.action is Action.UPDATE} == {"site-02"}


def test_an_in_sync_connection_shifted_onto_is_told_by_its_sensors_count() -> None:
    """fx387: site-03 in sync (not counted, plan/compare.py) was said to hold 0 observations."""
    with pytest.raises(NoSafePlanError) as refused:
        plan_of(("site-01", *AORAKI), ("site-99", *BENMORE), ("site-02", *CLYDE), ("site-03", *CLYDE))

    said = refused.value.refusals[0].text
    assert said.count(") holds 25 observations") == 2 and "holds 0" not in said


def test_a_shift_ending_in_a_removal_says_the_two_steps_destroy_its_history() -> None:
    """Sites named alike, site-02 taking site-03's place alone: applied without site-99, site-03 (no
    longer declared) is removed with its history, and no key is filled down (no name taken)."""
    live = applied(
        parse_manifest(manifest(("site-02", "Tekapo", -42.5), ("site-03", "Tekapo", -41.3)), "f.yaml"),
        observations=25,
    )
    desired = desired_state(
        parse_manifest(manifest(("site-99", "Tekapo", -42.5), ("site-02", "Tekapo", -41.3)), "f.yaml")
    )
    with pytest.raises(NoSafePlanError) as refused:
        make_plan(desired, live, PlanOptions())

    assert refused.value.refusals[0].text.endswith(
        "apply without site-99 first (the same relabelling: site-02 takes site-03's location; that apply "
        "removes site-03, destroying what it holds: 25 observations), then add site-99"
    )


def test_a_row_inserted_before_shifted_keys_needs_one_apply_more_after_the_moves() -> None:
    """fx387: site-02 a new site (Avon dam), Benmore site-02 → site-03, Clyde site-03 → site-04: the
    `moved` steps free site-02, and only then can the new site-02 be added."""
    with pytest.raises(NoSafePlanError) as refused:
        plan_of(
            ("site-01", *AORAKI), ("site-02", "Avon dam", -40.1), ("site-03", *BENMORE), ("site-04", *CLYDE)
        )

    said = refused.value.refusals[0].text
    assert said.startswith("site-03: would take site-02's name 'Benmore dam' while site-04, a new connection")
    assert (
        "`{from: site-03, to: site-04}`, apply, then `{from: site-02, to: site-03}`, apply, then apply the "
        "file as it is, without `moved`: it adds the new site-02;" in said
    )
    assert "destroying" not in said


def test_a_row_inserted_before_the_last_one_is_refused_as_a_key_shift() -> None:
    """A new site-03 (Otago) inserted before Clyde, Clyde renumbered site-04: site-03 renamed and moved
    to Otago's, a new site-04 at Clyde's very name and place. It was planned, Clyde's history moved to
    Otago and site-04 starting empty as Clyde (one row earlier, a chain of two, was refused)."""
    with pytest.raises(NoSafePlanError) as refused:
        plan_of(
            ("site-01", *AORAKI), ("site-02", *BENMORE), ("site-03", "Otago dam", -44.0), ("site-04", *CLYDE)
        )

    [refusal] = refused.value.refusals
    assert refusal.address == "site-03" and "site-04" in refusal.about_also
    said = refusal.text
    assert said.startswith(
        "site-03: would be renamed 'Otago dam' and moved to (-44.0, 170.0) while site-04, a new connection, "
        "takes its name 'Clyde dam' and location: the keys shift, as when a row is inserted in a --sites "
        "file and the keys after it renumbered, so site-03's history would read as the new site's, and "
        "site-04 would start with no history under the name and location of the site that has it (site-03 ("
    )
    assert ") holds 25 observations); iotplan cannot tell which site is which." in said
    assert (
        "`{from: site-03, to: site-04}`, apply, then apply the file as it is, without `moved`: it adds the "
        "new site-03;" in said
    )
    assert said.endswith(
        "if the names and locations really change, do it in two steps: apply without site-04 first (site-03 "
        "then takes a name and place no connection holds), then add site-04"
    )


@pytest.mark.parametrize(
    "renamed_at",
    [CLYDE[1] - 0.00036, CLYDE[1], None],
    ids=["moved-40-m", "in-place", "no-location-declared"],
)
def test_a_row_inserted_before_the_last_one_near_it_is_refused_as_a_key_shift(
    renamed_at: float | None,
) -> None:
    """A new site-04 at Clyde's very name and place, site-03 (Clyde) renamed Clyde aux 40 m off, in place,
    or where no location is declared: it was planned, Clyde's history read as Clyde aux's, site-04
    starting empty as Clyde. It reads as a genuine rename in place with a new site under the old name
    too: which it is nothing tells, so both steps are refused together and offered one per apply."""
    sites = (("site-01", *AORAKI), ("site-02", *BENMORE), ("site-03", "Clyde aux", renamed_at or 0.0))
    with pytest.raises(NoSafePlanError) as refused:
        if renamed_at is None:
            unlocated_plan_of(*sites, ("site-04", *CLYDE))
        else:
            plan_of(*sites, ("site-04", *CLYDE))

    [refusal] = refused.value.refusals
    assert refusal.address == "site-03" and "site-04" in refusal.about_also
    assert refusal.text.startswith("site-03: would be renamed 'Clyde aux' ")
    assert "while site-04, a new connection, takes its name 'Clyde dam'" in refusal.text
    assert refusal.text.endswith(
        "do it in two steps: apply without site-04 first (site-03 then takes a name no connection holds), "
        "then add site-04"
    )


def unlocated_plan_of(*sites: tuple[str, str, float]) -> Plan:
    """The sites declared with no location (each connection's live one left as it is)."""
    unlocated = re.sub(r"\n +location: [^\n]*", "", manifest(*sites))
    return make_plan(desired_state(parse_manifest(unlocated, "fleet.yaml")), APPLIED, PlanOptions())


def test_a_site_moved_away_as_a_new_one_named_otherwise_takes_its_place_is_planned() -> None:
    """Clyde's logger moved to Otago, a new logger added at Clyde under a name of its own: the names
    tell the sites apart."""
    plan = plan_of(
        ("site-01", *AORAKI),
        ("site-02", *BENMORE),
        ("site-03", "Otago dam", -44.0),
        ("site-04", "Clyde dam logger 2", CLYDE[1]),
    )
    assert [c.address for c in plan.changes if c.action is Action.UPDATE] == ["site-03"]
