"""Under --shard, a row copied over another where the copied row is renamed in the same edit, is a new row
appended too, or has a full stop added, the site kept at the point being another shard's: only one run
refused it, so each shard planned its part, exit 0, and the overwritten site's history was read as a second
logger at the other site. The shard holding the connection moved refuses it now, as one run does, reading
the other shards' connections where they are declared (their listed point, and how far they move there)."""

from __future__ import annotations

import pytest

from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Plan, PlanOptions, Refusal
from iotplan.plan.shard import make_shard_plan
from tests.plan import test_keys_filled_down_over_a_deleted_row_are_refused as filled_down
from tests.plan.livebuilder import applied
from tests.plan.test_keys_filled_down_over_a_deleted_row_are_refused import (
    DUNSTAN,
    LIVE,
    SHARDS,
    manifest,
    only_refusal,
    plan_of,
    read_by,
    shard_plan_of,
)

# Of three shards: site-03 (the mover) is the third's, site-04 the first's, a new site-06 the second's.
MOVERS, KEEPERS = SHARDS[2], SHARDS[0]
WEIR = ("Dunstan weir", DUNSTAN[1])
HOPE = ("Hope dam", -44.5)
Site = tuple[str, str, float]
EDITS: dict[str, tuple[Site, ...]] = {
    "copy-of-a-row-renamed": (*LIVE[:2], ("site-03", *WEIR), ("site-04", *WEIR), LIVE[4]),
    "copy-of-a-row-renamed-and-re-surveyed": (
        *LIVE[:2],
        ("site-03", "Dunstan weir", -40.0027),
        ("site-04", "Dunstan weir", -40.0027),
        LIVE[4],
    ),
    "new-row-pasted-over-one": (*LIVE[:2], ("site-03", *HOPE), *LIVE[3:], ("site-06", *HOPE)),
    "copy-with-a-full-stop": (*LIVE[:2], ("site-03", "Dunstan dam.", DUNSTAN[1]), *LIVE[3:]),
}


def said(refusal: Refusal) -> str:
    return " ".join(refusal.text.split())


def updated(plan: Plan) -> list[str]:
    return [str(c.address) for c in plan.changes if c.kind.name == "NODE" and c.action is Action.UPDATE]


@pytest.mark.parametrize("edit", EDITS)
def test_the_shard_holding_the_copy_refuses_it_as_one_run_does(edit: str) -> None:
    sites = EDITS[edit]
    whole = only_refusal(plan_of, *sites)
    refusal = only_refusal(shard_plan_of, MOVERS, *sites)
    kept = "site-06" if edit.startswith("new-row") else "site-04"
    assert (refusal.address, kept in refusal.about_also) == ("site-03", True)
    # The same words up to what each holds: another shard's count is its own to read.
    assert said(refusal).split(" (site-03 (")[0] == said(whole).split(" (site-03 (")[0]
    assert said(refusal).endswith(said(whole).split("iotplan cannot tell which site is which. ")[1])
    assert "iotplan cannot tell which site is which" in said(refusal)


@pytest.mark.parametrize("edit", EDITS)
def test_the_shards_without_the_copy_plan_their_part(edit: str) -> None:
    """The first shard holds site-04 (renamed, re-surveyed or kept), the second the new site-06."""
    for shard in (KEEPERS, SHARDS[1]):
        plan = shard_plan_of(shard, *EDITS[edit])
        assert "site-03" not in updated(plan)


def test_a_site_moved_onto_another_shards_point_under_its_own_name_is_planned() -> None:
    """Moved there in one apply, renamed in the next: neither step takes the point with the name."""
    moved = (*LIVE[:2], ("site-03", "Clyde dam", DUNSTAN[1]), *LIVE[3:])
    assert updated(shard_plan_of(MOVERS, *moved)) == ["site-03"]
    renamed = (*LIVE[:2], ("site-03", "Dunstan dam.", DUNSTAN[1]), *LIVE[3:])
    desired = desired_state(parse_manifest(manifest(*renamed), "fleet.yaml"), shard=MOVERS)
    live = read_by(MOVERS, desired, fleet=moved)  # the first apply done: renamed where it stands
    second = make_shard_plan(desired, live, PlanOptions(), MOVERS, resolve_secret=lambda _: None)
    assert updated(second) == ["site-03"]


def test_a_copy_onto_another_shards_namesake_is_refused_once() -> None:
    """A plain copy, Dunstan's row over Clyde's, is a row copied over a kept namesake (`_copied_over`)
    across shards already: the kept point's rule adds no second refusal."""
    only_refusal(shard_plan_of, MOVERS, *LIVE[:2], ("site-03", *DUNSTAN), *LIVE[3:])


def pinned(text: str) -> str:
    """site-04 pinned by `id:`: found by its id, it trades nothing, yet keeps its point."""
    return text.replace('name: "Dunstan dam"\n', 'name: "Dunstan dam"\n        id: /api/D0D0D0/node\n')


def test_a_copy_onto_another_shards_point_pinned_by_id_is_refused_as_one_run_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The live fleet applied with site-04 pinned, as each shard reads it (`read_by`)."""
    monkeypatch.setattr(filled_down, "manifest", lambda *sites: pinned(manifest(*sites)))
    sites = (*LIVE[:2], ("site-03", "Dunstan dam.", DUNSTAN[1]), *LIVE[3:])
    live = applied(parse_manifest(pinned(manifest(*LIVE)), "fleet.yaml"), observations=25)
    whole = only_refusal(
        make_plan, desired_state(parse_manifest(pinned(manifest(*sites)), "fleet.yaml")), live, PlanOptions()
    )
    desired = desired_state(parse_manifest(pinned(manifest(*sites)), "fleet.yaml"), shard=MOVERS)
    refusal = only_refusal(
        make_shard_plan,
        desired,
        read_by(MOVERS, desired),
        PlanOptions(),
        MOVERS,
        resolve_secret=lambda _: None,
    )
    assert said(refusal).split(" (site-03 (")[0] == said(whole).split(" (site-03 (")[0]
