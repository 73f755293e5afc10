"""The Markdown heading counts what an apply destroys as the entries do: under a manifest `plan`
refuses, the entries said "an apply, once `plan` is no longer refused" while the heading said "The
next apply destroys 327 observations" (fz69)."""

from __future__ import annotations

from iotplan.plan.address import Address
from iotplan.plan.drift import Report
from iotplan.plan.drift_entries import drift_entries, with_refusals
from iotplan.plan.model import Action, Refusal
from iotplan.render.drift import render_drift_markdown
from tests.render import plans
from tests.render.drift_fleet import TARGET
from tests.render.plans import change

OWNED = "not in the manifest; owned by stack 'fleet'"
REFUSED = "site-2/new: would create device with refId 'fleet:site-2/new', which a copy carries"


def _orphan(site: str, held: int) -> list:
    return [
        change(site, Action.NOOP, "in sync"),
        change(f"{site}/old", Action.REMOVE, OWNED, observations=held),
        change(f"{site}/new", Action.CREATE, "not on the platform"),
    ]


def _heading(*reports: tuple[str, int, bool]) -> str:
    entries = []
    for manifest, held, refused in reports:
        plan = plans.plan(*_orphan(manifest.removesuffix(".yaml"), held))
        refusals = [Refusal(Address(f"{plan.changes[2].address}"), REFUSED)] if refused else []
        found = drift_entries(plan, manifest, refusals=refusals)
        entries += with_refusals(found, refusals) if refused else found
    return render_drift_markdown(Report(target=TARGET, entries=entries)).splitlines()[0]


def test_a_refused_manifests_history_is_destroyed_once_plan_is_no_longer_refused() -> None:
    heading = _heading(("site-2.yaml", 327, True))
    assert "The next apply destroys" not in heading, heading
    assert heading.endswith(
        "An apply, once `plan` is no longer refused (see the refused entries), destroys **327 observations** "
        "at 1 site, listed first."
    )


def test_one_refused_and_one_not_are_each_said_so() -> None:
    heading = _heading(("site-1.yaml", 10, False), ("site-2.yaml", 327, True))
    assert heading.endswith(
        "The next apply destroys **10 observations** at 1 site; an apply, once `plan` is no longer refused "
        "(see the refused entries), destroys **327 observations** at 1 site, listed first."
    ), heading
