"""Two connections whose names trade places (site-01 takes site-02's live name and site-02 takes
site-01's: two rows of a --sites file with their keys swapped) are refused, naming both and what each
holds: applied in place, each site's history would be read as the other's (plan/traded_names.py)."""

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
        name: {name}
        devices:
          - key: logger
            sensors:
              - {{key: pz-1, metrics: [{{metric: f, unit: Hz}}]}}
"""


def manifest(*sites: tuple[str, str]) -> str:
    head = f"apiVersion: iotplan/v1\nstack: fleet\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
    return head + "".join(SITE.format(key=key, name=name) for key, name in sites)


APPLIED = parse_manifest(manifest(("site-01", "Aoraki dam"), ("site-02", "Benmore dam")), "fleet.yaml")


def plan_of(*sites: tuple[str, str], options: PlanOptions = PlanOptions()) -> Plan:
    desired = desired_state(parse_manifest(manifest(*sites), "fleet.yaml"))
    return make_plan(desired, applied(APPLIED, observations=25), options)


def test_two_connections_trading_names_are_refused_naming_both_and_what_each_holds() -> None:
    with pytest.raises(NoSafePlanError) as refused:
        plan_of(("site-01", "Benmore dam"), ("site-02", "Aoraki dam"))

    [refusal] = refused.value.refusals
    assert refusal.address == "site-01" and refusal.about_also[0] == "site-02"
    assert refusal.text.startswith(
        "site-01: would take site-02's name 'Benmore dam' while site-02 takes site-01's, 'Aoraki dam'"
    )
    assert "site-01 (" in refusal.text and ") holds 25 observations" in refusal.text
    assert "swap the keys back" in refusal.text
    assert "rename one to a spare name first, apply, then the other" in refusal.text
    assert "`{from: site-01, to: site-01-swap}`, then `{from: site-02, to: site-01}`" in refusal.text


@pytest.mark.parametrize(
    "fence",
    [PlanOptions(targets=("site-02",)), PlanOptions(excludes=("site-01",))],
    ids=["target", "exclude"],
)
def test_a_fence_writing_one_side_of_the_trade_is_refused(fence: PlanOptions) -> None:
    with pytest.raises(NoSafePlanError):
        plan_of(("site-01", "Benmore dam"), ("site-02", "Aoraki dam"), options=fence)


def test_a_name_taken_from_a_connection_renamed_to_a_spare_name_is_no_trade() -> None:
    """The two-step way the refusal gives: site-01 renamed to a spare name and applied, site-02's name
    then taken by site-01 while site-02 takes another."""
    plan = plan_of(("site-01", "Benmore dam"), ("site-02", "Spare"))
    assert {c.address for c in plan.changes if c.action is Action.UPDATE} == {"site-01", "site-02"}


THREE = parse_manifest(
    manifest(("site-01", "Aoraki dam"), ("site-02", "Benmore dam"), ("site-03", "Clyde dam")), "fleet.yaml"
)


def plan_of_three(*sites: tuple[str, str]) -> Plan:
    desired = desired_state(parse_manifest(manifest(*sites), "fleet.yaml"))
    return make_plan(desired, applied(THREE, observations=25), PlanOptions())


def test_three_connections_rotating_names_are_refused_once_naming_all_three() -> None:
    """Three rows of a --sites file whose keys were rotated: each connection takes the next one's
    live name, the last the first's. No two trade, and it was planned in place."""
    with pytest.raises(NoSafePlanError) as refused:
        plan_of_three(("site-01", "Benmore dam"), ("site-02", "Clyde dam"), ("site-03", "Aoraki dam"))

    [refusal] = refused.value.refusals
    assert refusal.address == "site-01" and set(refusal.about_also[:2]) == {"site-02", "site-03"}
    assert refusal.text.startswith(
        "site-01: would take site-02's name 'Benmore dam' while site-02 takes site-03's, 'Clyde dam', "
        "and site-03 takes site-01's, 'Aoraki dam': the three connections trade names"
    )
    assert refusal.text.count(") holds 25 observations") == 3
    # site-02's site moves to site-01, site-03's to site-02, site-01's to site-03, through a spare key.
    assert (
        "`{from: site-01, to: site-01-swap}`, then `{from: site-02, to: site-01}`, then "
        "`{from: site-03, to: site-02}`, then `{from: site-01-swap, to: site-03}`" in refusal.text
    )
    assert "starting from the file as applied before the rotation, the spare key in the row" in refusal.text


def test_a_rotation_and_a_pair_apart_are_refused_once_each() -> None:
    four = parse_manifest(manifest(*((f"site-0{n}", f"Dam {n}") for n in range(1, 6))), "fleet.yaml")
    desired = desired_state(
        parse_manifest(
            manifest(
                ("site-01", "Dam 2"),
                ("site-02", "Dam 3"),
                ("site-03", "Dam 1"),
                ("site-04", "Dam 5"),
                ("site-05", "Dam 4"),
            ),
            "fleet.yaml",
        )
    )
    with pytest.raises(NoSafePlanError) as refused:
        make_plan(desired, applied(four, observations=25), PlanOptions())

    assert [(r.address, len(r.about_also)) for r in refused.value.refusals] == [
        ("site-01", 2),
        ("site-04", 1),
    ]


def test_a_chain_of_names_ending_in_a_new_name_is_no_trade() -> None:
    """site-01 takes site-02's name, site-02 takes a new one: no cycle closes, each name is free once
    the one after it is written."""
    plan = plan_of_three(("site-01", "Benmore dam"), ("site-02", "Spare"), ("site-03", "Clyde dam"))
    assert {c.address for c in plan.changes if c.action is Action.UPDATE} == {"site-01", "site-02"}


def test_three_names_taken_in_turn_ending_in_a_new_one_with_no_location_are_keys_filled_down() -> None:
    """site-01 takes site-02's name, site-02 site-03's, site-03 a new one: no trade, but no location
    declared, the names are all that tell the sites, and it reads as Aoraki's row deleted, the keys
    filled down and a row appended: refused as such, one per apply the way forward, as the rotation's
    refusal now says for the step after the spare name."""
    with pytest.raises(NoSafePlanError) as refused:
        plan_of_three(("site-01", "Benmore dam"), ("site-02", "Clyde dam"), ("site-03", "Spare"))

    [refusal] = refused.value.refusals
    assert refusal.text.startswith("site-01: would take site-02's name 'Benmore dam' while site-02 takes")
    assert "the keys shift, as when a row is deleted" in refusal.text
    assert refusal.text.endswith(
        "change one connection per apply, from the end (site-03, then site-02, then site-01), each then "
        "taking a name no connection holds"
    )
    with pytest.raises(NoSafePlanError) as rotated:
        plan_of_three(("site-01", "Benmore dam"), ("site-02", "Clyde dam"), ("site-03", "Aoraki dam"))
    assert (
        "then the others one per apply, each then taking a name no connection holds"
        in rotated.value.refusals[0].text
    )


def test_two_trades_through_one_name_held_twice_are_refused_once_each_side_told_true() -> None:
    """site-02 and site-03 are both named 'Benmore dam': site-01 takes that name while each of them
    takes site-01's. One refusal, whose words name a trade that closes; site-03 is in it too."""
    twice = parse_manifest(
        manifest(("site-01", "Aoraki dam"), ("site-02", "Benmore dam"), ("site-03", "Benmore dam")),
        "fleet.yaml",
    )
    desired = desired_state(
        parse_manifest(
            manifest(("site-01", "Benmore dam"), ("site-02", "Aoraki dam"), ("site-03", "Aoraki dam")),
            "fleet.yaml",
        )
    )
    with pytest.raises(NoSafePlanError) as refused:
        make_plan(desired, applied(twice, observations=25), PlanOptions())

    [refusal] = refused.value.refusals
    assert refusal.text.startswith(
        "site-01: would take site-02's name 'Benmore dam' while site-02 takes site-01's, 'Aoraki dam': "
        "the two"
    )
    assert refusal.about_also[:2] == ("site-02", "site-03")
