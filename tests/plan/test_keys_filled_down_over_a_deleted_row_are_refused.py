"""A row deleted from a --sites file and the `site` column filled down again: each connection after it
takes the next one's live name and location, and the last is removed (or takes a new site's, a row
appended). Planned as it read, each history was relabelled as the next site's, exit 0 with
--allow-destroy (the destroy guard named the last site, not the deleted one), and unguarded where a
new site was appended. Now a chain of two connections or more, each taking another's name and
location, ending at a removed connection or a brand-new site, is refused as a key shift."""

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
        devices:
          - key: logger
            sensors:
              - {{key: pz-1, metrics: [{{metric: f, unit: Hz}}]}}
"""
AORAKI, BENMORE, CLYDE = ("Aoraki dam", -39.2), ("Benmore dam", -42.5), ("Clyde dam", -41.3)
DUNSTAN, ELLESMERE, FAIRLIE = ("Dunstan dam", -40.0), ("Ellesmere dam", -43.0), ("Fairlie dam", -44.0)
LIVE = (
    ("site-01", *AORAKI),
    ("site-02", *BENMORE),
    ("site-03", *CLYDE),
    ("site-04", *DUNSTAN),
    ("site-05", *ELLESMERE),
)


def manifest(*sites: tuple[str, str, float]) -> str:
    head = f"apiVersion: iotplan/v1\nstack: fleet\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
    return head + "".join(SITE.format(key=key, name=name, lat=lat) for key, name, lat in sites)


APPLIED = applied(parse_manifest(manifest(*LIVE), "fleet.yaml"), observations=25)


def plan_of(*sites: tuple[str, str, float]) -> Plan:
    return make_plan(desired_state(parse_manifest(manifest(*sites), "fleet.yaml")), APPLIED, PlanOptions())


def refusal_of(*sites: tuple[str, str, float]) -> str:
    with pytest.raises(NoSafePlanError) as refused:
        plan_of(*sites)
    [refusal] = refused.value.refusals
    assert refusal.address == "site-02"
    assert {"site-03", "site-04", "site-05"} <= set(refusal.about_also)
    return refusal.text


def test_keys_filled_down_over_a_deleted_row_are_refused_naming_it_and_the_ways_forward() -> None:
    """Benmore's row deleted: site-02 takes Clyde's, site-03 Dunstan's, site-04 Ellesmere's; site-05
    removed."""
    said = refusal_of(
        ("site-01", *AORAKI), ("site-02", *CLYDE), ("site-03", *DUNSTAN), ("site-04", *ELLESMERE)
    )

    assert said.startswith(
        "site-02: would take site-03's name 'Clyde dam' and location while site-03 takes site-04's, and "
        "site-04 takes site-05's, and site-05 is removed with its history: the keys shift, as when a row is "
        "deleted from a --sites file and the keys after it filled down again (the row of site-02, 'Benmore "
        "dam', most likely), so site-02's history would read as site-03's; site-03's as site-04's; "
        "site-04's as site-05's"
    )
    assert said.count(") holds 25 observations") == 4
    assert "put the keys back" in said
    assert "`{from: site-03, to: site-02}`, apply, then `{from: site-04, to: site-03}`" in said


def test_keys_filled_down_over_a_deleted_row_with_a_site_appended_are_refused() -> None:
    """No destroy to guard: site-05 takes a new site's name and place, Fairlie dam."""
    said = refusal_of(
        ("site-01", *AORAKI),
        ("site-02", *CLYDE),
        ("site-03", *DUNSTAN),
        ("site-04", *ELLESMERE),
        ("site-05", *FAIRLIE),
    )

    assert said.startswith("site-02: would take site-03's name 'Clyde dam' and location while site-03")
    assert "and site-05 takes a new site's, 'Fairlie dam': the keys shift" in said


@pytest.mark.parametrize(
    "sites",
    [
        # One site renamed and moved to a new site's name and place.
        (
            ("site-01", *AORAKI),
            ("site-02", *BENMORE),
            ("site-03", *CLYDE),
            ("site-04", *DUNSTAN),
            ("site-05", *FAIRLIE),
        ),
        # One link ending in a removal: the two-step way the key-shift refusal gives.
        (("site-01", *AORAKI), ("site-02", *BENMORE), ("site-03", *CLYDE), ("site-04", *ELLESMERE)),
        # A rotation's second step, one renamed to a spare name first: its chain ends on a live place.
        (
            ("site-01", *AORAKI),
            ("site-02", *CLYDE),
            ("site-03", *DUNSTAN),
            ("site-04", "Spare", -40.0),
            ("site-05", *ELLESMERE),
        ),
    ],
    ids=["one-renamed-to-a-new-site", "one-link-ending-in-a-removal", "no-new-site-at-the-end"],
)
def test_edits_that_shift_no_keys_are_planned(sites: tuple[tuple[str, str, float], ...]) -> None:
    plan = plan_of(*sites)
    assert any(c.action is Action.UPDATE for c in plan.changes)


def test_a_row_inserted_before_three_shifted_keys_is_changed_one_per_apply_if_really_meant() -> None:
    """A new site-02 (Fairlie) inserted, Benmore → site-03, Clyde → site-04, Dunstan → site-05,
    Ellesmere → site-06 (new): applied without site-06 first, as the two-step way said, the rest is keys
    filled down, refused in turn; changed one per apply from the end, each takes a name none holds."""
    with pytest.raises(NoSafePlanError) as refused:
        plan_of(
            ("site-01", *AORAKI),
            ("site-02", *FAIRLIE),
            ("site-03", *BENMORE),
            ("site-04", *CLYDE),
            ("site-05", *DUNSTAN),
            ("site-06", *ELLESMERE),
        )

    [refusal] = refused.value.refusals
    assert refusal.text.startswith("site-05: would take site-04's name 'Dunstan dam' while site-06, a new")
    assert refusal.text.endswith(
        "change one connection per apply, from the end (site-02, then site-03, then site-04, then site-05), "
        "each then taking a name no connection holds, then add site-06"
    )
    assert "apply without site-06 first" not in refusal.text
