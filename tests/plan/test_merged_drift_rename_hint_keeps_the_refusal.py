"""The merge of shards' drift reports rebuilds an orphaned connection's reason from its parts, in one
run's order: why it is removed, the rename hint, then why `plan` refuses it (cr64: the refusal that
followed a shard's hint was cut off, `refused` still true)."""

from __future__ import annotations

import dataclasses

from iotplan.plan.drift import Entry, Severity, Status
from iotplan.plan.drift_entries import with_connection_renames_merged
from iotplan.plan.model import Kind

REMOVES = "not in the manifest: the next apply removes it, destroying 5 observations"
HINT = "; it looks like a rename to dam-a: to keep its history, add `moved: [{from: dam-ab, to: dam-a}]`"
REFUSED = "; `plan` and `apply` refuse it: dam-ab: removing this connection would also remove 1 entity"


def connection(address: str, status: Status, reason: str, observations: int = 0) -> Entry:
    return Entry(
        manifest="m.yaml",
        site=address,
        address=address,
        kind=Kind.NODE,
        status=status,
        reason=reason,
        severity=Severity.CRITICAL,
        name="Dam",
        observations=observations,
        project_id="p",
        refused=REFUSED in reason,
    )


def missing() -> Entry:
    return connection("dam-a", Status.MISSING, "declared in the manifest, not on the platform")


def test_a_shards_hint_found_again_keeps_the_refusal_after_it() -> None:
    orphan = connection("dam-ab", Status.ORPHANED, REMOVES + HINT + REFUSED, 5)
    orphan = dataclasses.replace(orphan, looks_renamed_to="dam-a")
    [_, merged] = with_connection_renames_merged([missing(), orphan])
    assert merged.reason == REMOVES + HINT + REFUSED
    assert merged.refused


def test_a_hint_found_only_over_the_whole_goes_before_the_refusal() -> None:
    orphan = connection("dam-ab", Status.ORPHANED, REMOVES + REFUSED, 5)
    [_, merged] = with_connection_renames_merged([missing(), orphan])
    assert merged.reason == REMOVES + HINT + REFUSED


def test_a_hint_dropped_over_the_whole_keeps_the_refusal() -> None:
    orphan = connection("dam-ab", Status.ORPHANED, REMOVES + HINT + REFUSED, 5)
    orphan = dataclasses.replace(orphan, looks_renamed_to="dam-a")
    alike = connection("dam-x", Status.ORPHANED, REMOVES, 3)
    [_, merged, _] = with_connection_renames_merged([missing(), orphan, alike])
    assert (merged.reason, merged.looks_renamed_to) == (REMOVES + REFUSED, None)
