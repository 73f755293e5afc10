"""A row deleted from a --sites file and the `site` column filled down again: each connection after it
takes the next one's live name and location, and the last is removed (or takes a new site's, a row
appended). Planned as it read, each history was relabelled as the next site's, exit 0 with
--allow-destroy (the destroy guard named the last site, not the deleted one), and unguarded where a
new site was appended. Now a chain of three connections or more, each taking another's name and
location (its name alone where no location is declared), ending at a removed connection or a brand-new
site, or of two ending at either, is refused as a key shift, under --shard by each shard holding part of it,
for sites under a kilometre apart too."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.live import LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import DesiredState, desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Plan, PlanOptions, Refusal
from iotplan.plan.shard import make_shard_plan
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


def manifest(*sites: tuple[str, str, float], site: str = SITE) -> str:
    head = f"apiVersion: iotplan/v1\nstack: fleet\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
    return head + "".join(site.format(key=key, name=name, lat=lat) for key, name, lat in sites)


APPLIED = applied(parse_manifest(manifest(*LIVE), "fleet.yaml"), observations=25)


def planned(text: str, live: LiveState = APPLIED) -> Plan:
    return make_plan(desired_state(parse_manifest(text, "fleet.yaml")), live, PlanOptions())


def plan_of(*sites: tuple[str, str, float]) -> Plan:
    return planned(manifest(*sites))


def only_refusal(plan: Callable[..., Plan], *args: object, **options: object) -> Refusal:
    """The one refusal `plan(*args, **options)` raises."""
    with pytest.raises(NoSafePlanError) as refused:
        plan(*args, **options)
    [refusal] = refused.value.refusals
    return refusal


def refusal_of(*sites: tuple[str, str, float]) -> str:
    refusal = only_refusal(plan_of, *sites)
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
        # A rotation's second step, one renamed to a spare name first: its chain ends at the place of
        # its first, which leaves it (live, site-02 would be named Spare; site-04 takes its place).
        (
            ("site-01", *AORAKI),
            ("site-02", *CLYDE),
            ("site-03", *DUNSTAN),
            ("site-04", "Spare", BENMORE[1]),
            ("site-05", *ELLESMERE),
        ),
    ],
    ids=["one-renamed-to-a-new-site", "no-new-site-at-the-end"],
)
def test_edits_that_shift_no_keys_are_planned(sites: tuple[tuple[str, str, float], ...]) -> None:
    plan = plan_of(*sites)
    assert any(c.action is Action.UPDATE for c in plan.changes)


@pytest.mark.parametrize(
    "last",
    [
        # A new site appended 40 m from Aoraki (site-01), a site no connection of the chain is.
        ("site-05", "Aoraki aux", -39.20036),
        # One appended 40 m from Ellesmere's own place, or at its very point, under a name of its own.
        ("site-05", "Ellesmere aux", -43.00036),
        ("site-05", "Ellesmere dam 2", ELLESMERE[1]),
    ],
    ids=["near-a-site-outside-the-chain", "near-the-last-ones-own-place", "at-the-last-ones-own-point"],
)
def test_keys_filled_down_with_a_site_appended_near_a_live_one_are_refused(
    last: tuple[str, str, float],
) -> None:
    """Benmore's row deleted, a site appended within 100 m of a live one: the chain's last landing near
    any live site was read as a trade's second step, so each history was relabelled, exit 0. Only the
    place of one of the chain, which leaves it, is that step's."""
    said = refusal_of(
        ("site-01", *AORAKI), ("site-02", *CLYDE), ("site-03", *DUNSTAN), ("site-04", *ELLESMERE), last
    )

    assert said.startswith("site-02: would take site-03's name 'Clyde dam' and location while site-03")
    assert f"and site-05 takes a new site's, {last[1]!r}: the keys shift" in said


def test_a_key_shift_of_two_ending_at_a_removal_is_refused_naming_the_row_most_likely_edited() -> None:
    """Dunstan's row deleted (or Ellesmere's key edited onto site-04): site-04 takes site-05's name and
    place, site-05 removed. It was planned, guarded by --allow-destroy alone, naming site-05 while
    Dunstan's history went on under Ellesmere's name."""
    refusal = only_refusal(
        plan_of, ("site-01", *AORAKI), ("site-02", *BENMORE), ("site-03", *CLYDE), ("site-04", *ELLESMERE)
    )
    assert refusal.address == "site-04" and "site-05" in refusal.about_also
    assert refusal.text.startswith(
        "site-04: would take site-05's name 'Ellesmere dam' and location while site-05 is removed with its "
        "history: the keys shift, as when a row is deleted from a --sites file and the keys after it filled "
        "down again (the row of site-04, 'Dunstan dam', most likely), so site-04's history would read as "
        "site-05's (site-04 ("
    )
    assert refusal.text.endswith(
        "change one connection per apply, from the end (site-05, then site-04), each then taking a name no "
        "connection holds; the first apply removes site-05, destroying what it holds: 25 observations"
    )


# Four sites along one valley, each 500 m from the next (0.0045° of latitude).
VALLEY = tuple((f"site-0{n}", f"Weir {n}", round(-40.0 - 0.0045 * (n - 1), 4)) for n in range(1, 5))


def valley_plan_of(live: tuple[tuple[str, str, float], ...], *sites: tuple[str, str, float]) -> Plan:
    return planned(manifest(*sites), applied(parse_manifest(manifest(*live), "fleet.yaml"), observations=25))


def test_keys_filled_down_over_sites_under_a_kilometre_apart_are_refused() -> None:
    """Weir 2's row deleted: each site after it takes the next one's name and its place 500 m off. A
    location was taken only more than 1 km from the taker's own, so this was planned."""
    shifted = (VALLEY[0], ("site-02", *VALLEY[2][1:]), ("site-03", *VALLEY[3][1:]))
    refusal = only_refusal(valley_plan_of, VALLEY, *shifted)
    assert refusal.text.startswith(
        "site-02: would take site-03's name 'Weir 3' and location while site-03 takes site-04's, and "
        "site-04 is removed with its history: the keys shift"
    )


def test_namesakes_metres_apart_one_re_surveyed_as_the_other_is_removed_are_planned() -> None:
    """Two loggers named alike 40 m apart: site-01's name re-cased and its point re-surveyed 5 m off,
    site-02 removed. Its new point lies within SAME_PLACE_KM of both: no place taken, no key shift."""
    live = (("site-01", "Tekapo", -40.0), ("site-02", "Tekapo", -40.00036))
    plan = valley_plan_of(live, ("site-01", "TEKAPO", -40.000045))
    assert [c.address for c in plan.changes if c.action is Action.UPDATE] == ["site-01"]


def test_a_row_inserted_before_three_shifted_keys_is_changed_one_per_apply_if_really_meant() -> None:
    """A new site-02 (Fairlie) inserted, Benmore → site-03, Clyde → site-04, Dunstan → site-05,
    Ellesmere → site-06 (new): applied without site-06 first, as the two-step way said, the rest is keys
    filled down, refused in turn; changed one per apply from the end, each takes a name none holds."""
    refusal = only_refusal(
        plan_of,
        ("site-01", *AORAKI),
        ("site-02", *FAIRLIE),
        ("site-03", *BENMORE),
        ("site-04", *CLYDE),
        ("site-05", *DUNSTAN),
        ("site-06", *ELLESMERE),
    )
    assert refusal.text.startswith("site-05: would take site-04's name 'Dunstan dam' while site-06, a new")
    assert refusal.text.endswith(
        "change one connection per apply, from the end (site-02, then site-03, then site-04, then site-05), "
        "each then taking a name no connection holds, then add site-06"
    )
    assert "apply without site-06 first" not in refusal.text


UNLOCATED = SITE.replace("        location: {{lat: {lat}, lon: 170.0}}\n", "")


def unlocated_plan_of(*sites: tuple[str, str, float]) -> Plan:
    """The sites declared with no location (each connection's live one left as it is)."""
    return planned(manifest(*sites, site=UNLOCATED))


@pytest.mark.parametrize("appended", [(), (("site-05", *FAIRLIE),)], ids=["last-removed", "row-appended"])
def test_keys_filled_down_where_no_location_is_declared_are_refused_by_their_names(
    appended: tuple[tuple[str, str, float], ...],
) -> None:
    """No location declared, a site's name is all that tells it: each taking the next one's name
    relabels each history all the same."""
    refusal = only_refusal(
        unlocated_plan_of,
        ("site-01", *AORAKI),
        ("site-02", *CLYDE),
        ("site-03", *DUNSTAN),
        ("site-04", *ELLESMERE),
        *appended,
    )
    assert refusal.address == "site-02"
    assert refusal.text.startswith(
        "site-02: would take site-03's name 'Clyde dam' while site-03 takes site-04's, and site-04 takes "
        "site-05's, and site-05 "
    )
    assert "if the sites really change names, change one connection per apply" in refusal.text


def test_one_site_renamed_where_no_location_is_declared_is_planned() -> None:
    plan = unlocated_plan_of(
        ("site-01", *AORAKI),
        ("site-02", *BENMORE),
        ("site-03", *CLYDE),
        ("site-04", *DUNSTAN),
        ("site-05", *FAIRLIE),
    )
    assert [c.address for c in plan.changes if c.action is Action.UPDATE] == ["site-05"]


def test_a_site_taking_the_next_ones_as_it_takes_a_new_sites_is_refused() -> None:
    """Dunstan's row deleted, Fairlie's appended: site-04 takes site-05's name and place, site-05 a new
    site's; two connections, but Ellesmere's history would read as Dunstan's all the same."""
    refusal = only_refusal(
        plan_of,
        ("site-01", *AORAKI),
        ("site-02", *BENMORE),
        ("site-03", *CLYDE),
        ("site-04", *ELLESMERE),
        ("site-05", *FAIRLIE),
    )
    assert refusal.text.startswith(
        "site-04: would take site-05's name 'Ellesmere dam' and location while site-05 takes a new site's, "
        "'Fairlie dam': the keys shift"
    )
    assert (
        "so site-04's history would read as site-05's; site-05's as the new site's (site-04 (" in refusal.text
    )
    assert "; ;" not in refusal.text


def test_a_key_shift_of_two_ending_at_a_new_site_is_changed_one_per_apply_if_really_meant() -> None:
    """A new site-06 takes site-04's name; site-04 takes site-05's, site-05 a new site's: applied without
    site-06, the two-step way, the rest would be refused as above; one per apply from the end is not."""
    refusal = only_refusal(
        plan_of,
        ("site-01", *AORAKI),
        ("site-02", *BENMORE),
        ("site-03", *CLYDE),
        ("site-04", *ELLESMERE),
        ("site-05", *FAIRLIE),
        ("site-06", *DUNSTAN),
    )
    assert refusal.text.startswith("site-04: would take site-05's name 'Ellesmere dam' while site-06, a new")
    assert refusal.text.endswith(
        "change one connection per apply, from the end (site-05, then site-04), each then taking a name no "
        "connection holds, then add site-06"
    )
    assert "apply without site-06 first" not in refusal.text


# Of three shards, site-04, site-05 (and site-07) are the first's, site-06 the second's, site-01 to
# site-03 the third's.
SHARDS = (Shard(1, 3), Shard(2, 3), Shard(3, 3))


def read_by(
    shard: Shard, desired: DesiredState, fleet: tuple[tuple[str, str, float], ...] = LIVE
) -> LiveState:
    """The live fleet as `shard` reads it: its connections, and the other shards' in the connection
    list, each by its refId, name and coordinates (`named_elsewhere`) or, no shard declaring it, removed
    by the shard of its key (`held_elsewhere`)."""
    live = applied(parse_manifest(manifest(*fleet), "fleet.yaml"), observations=25)
    claimed_elsewhere = {claim for other in desired.elsewhere for claim in other.claims}
    for project in live.projects.values():
        listed: set[str] = set()
        for node_id, connection in list(project.connections.items()):
            node = connection.node
            listed |= {node_id, node.ref_id}
            if node.ref_id in claimed_elsewhere:
                coordinates = tuple(node.props["LOCATION"]["coordinates"])
                project.named_elsewhere[node.ref_id] = (node_id, node.props["NAME"], coordinates)
            elif not shard.holds(node.ref_id.removeprefix("fleet:")) and all(
                each.ref_id != node.ref_id for each in desired.nodes
            ):
                project.held_elsewhere.append(node)
            else:
                continue
            del project.connections[node_id]
        project.unlisted_elsewhere = frozenset(claimed_elsewhere - listed)
    return live


def shard_plan_of(shard: Shard, *sites: tuple[str, str, float]) -> Plan:
    desired = desired_state(parse_manifest(manifest(*sites), "fleet.yaml"), shard=shard)
    return make_shard_plan(
        desired, read_by(shard, desired), PlanOptions(), shard, resolve_secret=lambda _: None
    )


def test_keys_filled_down_across_shards_are_refused_by_each_shard_holding_a_side() -> None:
    """Benmore's row deleted, Fairlie's appended: site-02 and site-03 the third shard's, site-04 and
    site-05 the first's. Neither shard's part ends at a new site: it goes on in the other shard."""
    sites = (("site-01", *AORAKI), ("site-02", *CLYDE), ("site-03", *DUNSTAN), ("site-04", *ELLESMERE))
    sites += (("site-05", *FAIRLIE),)
    told = {}
    for shard in (SHARDS[0], SHARDS[2]):
        refusal = only_refusal(shard_plan_of, shard, *sites)
        told[shard.index] = refusal
        assert "site-03 takes a new site's" not in refusal.text
        assert " ".join(refusal.text.split()).startswith(
            "site-02: would take site-03's name 'Clyde dam' and location while site-03 takes site-04's, and "
            "site-04 takes site-05's, and site-05 takes a new site's, 'Fairlie dam'"
        )
        assert "the chain continues in another shard" in refusal.text
    assert told[1].address == "site-04" and told[3].address == "site-02"
    assert not [c for c in shard_plan_of(SHARDS[1], *sites).changes if c.action is Action.UPDATE]


# site-06 (Gowan) live too: the second shard's alone.
GOWAN = ("Gowan dam", -45.0)
AORAKI_TO_CLYDE = (("site-01", *AORAKI), ("site-02", *BENMORE), ("site-03", *CLYDE))


@pytest.mark.parametrize(
    "sites",
    [
        # Ellesmere's row deleted: site-05 takes site-06's, site-06 removed.
        (*AORAKI_TO_CLYDE, ("site-04", *DUNSTAN), ("site-05", *GOWAN)),
        # Dunstan's: site-04 takes site-05's, site-05 site-06's, site-06 removed.
        (*AORAKI_TO_CLYDE, ("site-04", *ELLESMERE), ("site-05", *GOWAN)),
    ],
    ids=["two", "three"],
)
def test_keys_filled_down_onto_another_shards_removal_are_refused_by_the_removals_shard_too(
    sites: tuple[tuple[str, str, float], ...],
) -> None:
    """The second shard holds only site-06, removed: it planned the removal, exit 0, and applied before
    the first shard's, Gowan's history was destroyed and the shifted site's read as Gowan's."""
    fleet = (*LIVE, ("site-06", *GOWAN))
    desired = desired_state(parse_manifest(manifest(*sites), "fleet.yaml"), shard=SHARDS[1])
    live = read_by(SHARDS[1], desired, fleet)
    refusal = only_refusal(
        make_shard_plan, desired, live, PlanOptions(), SHARDS[1], resolve_secret=lambda _: None
    )
    assert refusal.address == "site-06"
    assert "site-05 takes site-06's" in refusal.text or "site-05: would take site-06's" in refusal.text
    assert "site-06 is removed with its history" in refusal.text
    assert "(site-05 is another shard's" in refusal.text or "site-05 are another shard's" in refusal.text
    assert "the chain continues in another shard" in refusal.text


# Two weirs 80 m apart (0.00072° of latitude): nearer than SAME_PLACE_KM, each at the other's place.
WEIRS = (("site-01", "Weir 1", -40.0), ("site-02", "Weir 2", -40.00072))


def test_keys_filled_down_over_sites_under_100_m_apart_are_refused_by_the_name_taken() -> None:
    """Weir 1's row deleted: site-01 takes Weir 2's very name and point, site-02 removed. The move (80 m)
    was read as a re-survey, so this was planned, guarded only by a destroy flag naming site-02."""
    refusal = only_refusal(valley_plan_of, WEIRS, ("site-01", *WEIRS[1][1:]))
    assert refusal.text.startswith(
        "site-01: would take site-02's name 'Weir 2' and location while site-02 is removed with its history"
    )


@pytest.mark.parametrize(
    "sites",
    [
        # Weir 1 re-surveyed 80 m off, its name kept, Weir 2 removed.
        (("site-01", "Weir 1", -40.00072),),
        # Weir 1 re-surveyed onto Weir 2's point under a new name of its own, Weir 2 decommissioned.
        (("site-01", "Weir 1 and 2", -40.00072),),
    ],
    ids=["re-survey-name-kept", "renamed-to-a-new-name"],
)
def test_a_site_under_100_m_from_a_removed_one_keeping_or_making_its_own_name_is_planned(
    sites: tuple[tuple[str, str, float], ...],
) -> None:
    plan = valley_plan_of(WEIRS, *sites)
    assert [c.address for c in plan.changes if c.action is Action.UPDATE] == ["site-01"]


A_TO_C = (("site-01", *AORAKI), ("site-02", *BENMORE), ("site-03", *CLYDE))


@pytest.mark.parametrize(
    ("sites", "head", "taken", "new_name"),
    [
        # Dunstan's row deleted, a second logger appended at Ellesmere's very point, keys filled down.
        (
            (*A_TO_C, ("site-04", *ELLESMERE), ("site-05", "Ellesmere aux", -43.0)),
            "site-04",
            "site-05",
            "Ellesmere aux",
        ),
        # The same, the second logger 40 m off.
        (
            (*A_TO_C, ("site-04", *ELLESMERE), ("site-05", "Ellesmere aux", -43.00036)),
            "site-04",
            "site-05",
            "Ellesmere aux",
        ),
        # Mid-list, one everyday edit: Benmore's row deleted, a "Clyde aux" row inserted after Clyde's.
        (
            (
                ("site-01", *AORAKI),
                ("site-02", *CLYDE),
                ("site-03", "Clyde aux", -41.3),
                ("site-04", *DUNSTAN),
                ("site-05", *ELLESMERE),
            ),
            "site-02",
            "site-03",
            "Clyde aux",
        ),
    ],
    ids=["at-the-last-ones-point", "40-m-off", "mid-list"],
)
def test_a_key_shift_of_two_whose_last_is_renamed_in_place_is_refused(
    sites: tuple[tuple[str, str, float], ...], head: str, taken: str, new_name: str
) -> None:
    """The first takes the next one's name and place while that one is renamed where it stands: planned,
    exit 0, the first's history read as the second's, the second's under the new site's name."""
    refusal = only_refusal(plan_of, *sites)
    assert refusal.address == head
    assert refusal.text.startswith(f"{head}: would take {taken}'s name ")
    assert f"and location while {taken} takes a new site's, {new_name!r}: the keys shift" in refusal.text
    assert f"change one connection per apply, from the end ({taken}, then {head})" in refusal.text


def test_a_key_shift_of_two_changed_one_per_apply_from_the_end_is_planned() -> None:
    """The refusal's way: site-05 renamed alone first, then site-04 takes Ellesmere's name and place,
    which no connection holds any longer."""
    first = plan_of(*A_TO_C, ("site-04", *DUNSTAN), ("site-05", "Ellesmere aux", -43.0))
    assert [c.address for c in first.changes if c.action is Action.UPDATE] == ["site-05"]
    live = (*A_TO_C, ("site-04", *DUNSTAN), ("site-05", "Ellesmere aux", -43.0))
    second = valley_plan_of(live, *A_TO_C, ("site-04", *ELLESMERE), ("site-05", "Ellesmere aux", -43.0))
    assert [c.address for c in second.changes if c.action is Action.UPDATE] == ["site-04"]


def test_a_key_shift_of_two_by_names_alone_whose_last_is_renamed_is_planned() -> None:
    """No location declared: a swap's second step (one renamed to a spare name first) reads so."""
    plan = unlocated_plan_of(*A_TO_C, ("site-04", *ELLESMERE), ("site-05", "Ellesmere aux", -43.0))
    assert {c.address for c in plan.changes if c.action is Action.UPDATE} == {"site-04", "site-05"}


def test_a_key_shift_of_two_across_shards_whose_last_is_renamed_in_place_is_refused_by_each() -> None:
    """Clyde's row deleted: site-03 (the third shard's) takes Dunstan's name and place, site-04 (the
    first's) renamed Dunstan aux where it stands. The third shard read site-04's listed place as unknown."""
    sites = (*A_TO_C[:2], ("site-03", *DUNSTAN), ("site-04", "Dunstan aux", -40.0), ("site-05", *ELLESMERE))
    for shard, address in ((SHARDS[0], "site-04"), (SHARDS[2], "site-03")):
        refusal = only_refusal(shard_plan_of, shard, *sites)
        assert refusal.address == address
        assert " ".join(refusal.text.split()).startswith(
            "site-03: would take site-04's name 'Dunstan dam' and location while site-04 takes a new site's, "
            "'Dunstan aux'"
        )


def test_a_rename_in_place_with_a_new_site_far_under_the_old_name_is_planned_by_every_shard() -> None:
    """site-02 (the third shard's) renamed where it stands, a new site-07 (the first's) under its old
    name 93 km off: planned whole, yet the first shard refused it, reading site-02 by its name alone."""
    sites = (("site-01", *AORAKI), ("site-02", "Benmore north", BENMORE[1]), ("site-03", *CLYDE))
    sites += (("site-04", *DUNSTAN), ("site-05", *ELLESMERE), ("site-07", "Benmore dam", -43.34))
    assert plan_of(*sites).changes
    for shard in SHARDS:
        shard_plan_of(shard, *sites)


def test_a_shift_whose_last_is_renamed_in_place_is_changed_one_per_apply_if_really_meant() -> None:
    """A new site-06 takes site-04's name; site-04 takes site-05's name and place, site-05 renamed where
    it stands: applied without site-06 first, as the two-step way said, the rest is refused as above."""
    refusal = only_refusal(
        plan_of,
        *A_TO_C,
        ("site-04", *ELLESMERE),
        ("site-05", "Ellesmere aux", -43.0),
        ("site-06", *DUNSTAN),
    )
    assert refusal.text.endswith(
        "change one connection per apply, from the end (site-05, then site-04), each then taking a name no "
        "connection holds, then add site-06"
    )
    assert "apply without site-06 first" not in refusal.text


@pytest.mark.parametrize(
    ("sites", "head", "kept"),
    [
        # Clyde's row deleted, Dunstan's copied for a second logger there, keys renumbered.
        (
            (*A_TO_C[:2], ("site-03", *DUNSTAN), ("site-04", *DUNSTAN), ("site-05", *ELLESMERE)),
            "site-03",
            "site-04",
        ),
        # The same, the copy 40 m off.
        (
            (
                *A_TO_C[:2],
                ("site-03", "Dunstan dam", -40.00036),
                ("site-04", *DUNSTAN),
                ("site-05", *ELLESMERE),
            ),
            "site-03",
            "site-04",
        ),
        # The same, the copy re-cased.
        (
            (*A_TO_C[:2], ("site-03", "DUNSTAN DAM", -40.0), ("site-04", *DUNSTAN), ("site-05", *ELLESMERE)),
            "site-03",
            "site-04",
        ),
        # The same, the kept row re-cased, or a blank doubled in its name.
        (
            (*A_TO_C[:2], ("site-03", *DUNSTAN), ("site-04", "Dunstan Dam", -40.0), ("site-05", *ELLESMERE)),
            "site-03",
            "site-04",
        ),
        (
            (*A_TO_C[:2], ("site-03", *DUNSTAN), ("site-04", "Dunstan  dam", -40.0), ("site-05", *ELLESMERE)),
            "site-03",
            "site-04",
        ),
        # Dunstan's row deleted, the last row copied.
        ((*A_TO_C, ("site-04", *ELLESMERE), ("site-05", *ELLESMERE)), "site-04", "site-05"),
    ],
    ids=[
        "exact-copy",
        "copy-40-m-off",
        "copy-re-cased",
        "kept-re-cased",
        "kept-blank-doubled",
        "last-row-copied",
    ],
)
def test_a_row_deleted_and_the_next_copied_over_it_is_refused_as_a_key_shift(
    sites: tuple[tuple[str, str, float], ...], head: str, kept: str
) -> None:
    """A site moved over a kilometre onto the point of a namesake that keeps its key, name and place, nothing
    created: planned, exit 0, the deleted site's history read as a second logger at the namesake's dam."""
    refusal = only_refusal(plan_of, *sites)
    assert refusal.address == head
    said = " ".join(refusal.text.split())
    assert said.startswith(f"{head}: would take {kept}'s name ")
    assert f"and location while {kept} keeps its own: the keys shift" in said
    assert "give it a name of its own" in said
    assert "move it in one apply and rename it in the next" in said


@pytest.mark.parametrize(
    "sites",
    [
        # Clyde's logger moved to Dunstan under a name of its own.
        (*A_TO_C[:2], ("site-03", "Dunstan aux", -40.0), ("site-04", *DUNSTAN), ("site-05", *ELLESMERE)),
        # The first of two steps: moved, its name kept.
        (*A_TO_C[:2], ("site-03", "Clyde dam", -40.0), ("site-04", *DUNSTAN), ("site-05", *ELLESMERE)),
        # A copy of Dunstan's row appended as a new site.
        (*LIVE, ("site-06", *DUNSTAN)),
    ],
    ids=["own-name", "moved-name-kept", "copy-appended"],
)
def test_a_site_moved_beside_a_namesake_under_its_own_name_or_a_copy_appended_is_planned(
    sites: tuple[tuple[str, str, float], ...],
) -> None:
    assert plan_of(*sites).changes


def test_a_site_moved_onto_a_namesake_renamed_in_a_second_step_is_planned() -> None:
    live = (*A_TO_C[:2], ("site-03", "Clyde dam", -40.0), ("site-04", *DUNSTAN), ("site-05", *ELLESMERE))
    sites = (*A_TO_C[:2], ("site-03", *DUNSTAN), ("site-04", *DUNSTAN), ("site-05", *ELLESMERE))
    plan = valley_plan_of(live, *sites)
    assert [c.address for c in plan.changes if c.action is Action.UPDATE] == ["site-03"]


# A second logger 50 m north of Dunstan dam (0.00045° of latitude), named apart.
DENSE = (*A_TO_C[:2], ("site-03", "Dunstan dam A", -39.99955), ("site-04", *DUNSTAN), ("site-05", *ELLESMERE))


def test_a_key_shift_of_two_among_sites_under_100_m_apart_whose_last_is_renamed_in_place_is_refused() -> None:
    """Dunstan A's row deleted, a Dunstan B row inserted after Dunstan's at its point, keys renumbered:
    site-04's unchanged place lies within 100 m of site-03's, so it was read as a trade's second step."""
    sites = (*A_TO_C[:2], ("site-03", *DUNSTAN), ("site-04", "Dunstan dam B", -40.0), ("site-05", *ELLESMERE))
    refusal = only_refusal(valley_plan_of, DENSE, *sites)
    assert refusal.address == "site-03"
    assert " ".join(refusal.text.split()).startswith(
        "site-03: would take site-04's name 'Dunstan dam' and location while site-04 takes a new site's, "
        "'Dunstan dam B'"
    )


def test_a_trades_second_step_among_sites_under_100_m_apart_is_planned() -> None:
    """Dunstan A and Dunstan swapping: site-03 renamed to a spare name first; then site-03 takes
    Dunstan's name and place as site-04 moves to site-03's under Dunstan A's name."""
    live = (*DENSE[:2], ("site-03", "Spare", -39.99955), *DENSE[3:])
    sites = (*DENSE[:2], ("site-03", *DUNSTAN), ("site-04", "Dunstan dam A", -39.99955), DENSE[4])
    plan = valley_plan_of(live, *sites)
    assert {c.address for c in plan.changes if c.action is Action.UPDATE} == {"site-03", "site-04"}


def test_a_later_site_under_100_m_off_replacing_one_renamed_where_it_stands_is_planned() -> None:
    """A spillway logger 40 m south, declared after Dunstan's row, takes over Dunstan's name and point as
    Dunstan's is renamed where it stands: keys filled down take the next row's, never an earlier one's."""
    live = (*LIVE, ("site-06", "Dunstan spillway", -40.00036))
    sites = (*LIVE[:3], ("site-04", "Dunstan dam old", -40.0), LIVE[4], ("site-06", *DUNSTAN))
    plan = valley_plan_of(live, *sites)
    assert {c.address for c in plan.changes if c.action is Action.UPDATE} == {"site-04", "site-06"}
