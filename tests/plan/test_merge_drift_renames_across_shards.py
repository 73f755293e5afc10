"""The merge of shards' drift reports pairs an orphaned connection with the missing one it looks renamed
to by name alone, as the merge of plans does (fx190): two orphans named alike, neither."""

from __future__ import annotations

import dataclasses

from iotplan.plan.drift import Entry, Severity, Status
from iotplan.plan.drift_entries import with_connection_renames_merged
from iotplan.plan.model import Kind


def connection(address: str, status: Status, name: str, observations: int = 0) -> Entry:
    reason = "not in the manifest: the next apply removes it, destroying 5 observations"
    return Entry(
        manifest="m.yaml",
        site=address,
        address=address,
        kind=Kind.NODE,
        status=status,
        reason=reason if status is Status.ORPHANED else "declared in the manifest, not on the platform",
        severity=Severity.CRITICAL,
        name=name,
        observations=observations,
        project_id="p",
    )


def test_an_orphan_pairs_with_the_one_missing_connection_named_alike() -> None:
    entries = [connection("dam-a", Status.MISSING, "Dam"), connection("dam-ab", Status.ORPHANED, "Dam", 5)]
    [missing, orphan] = with_connection_renames_merged(entries)
    assert missing == entries[0]
    assert orphan.looks_renamed_to == "dam-a"
    assert orphan.reason.endswith(
        "; it looks like a rename to dam-a: to keep its history, add `moved: [{from: dam-ab, to: dam-a}]`"
    )


def test_two_orphans_named_alike_pair_with_neither_and_lose_a_shards_hint() -> None:
    hinted = connection("dam-ab", Status.ORPHANED, "Dam", 5)
    hinted = dataclasses.replace(
        hinted, looks_renamed_to="dam-a", reason=hinted.reason + "; it looks like a rename to dam-a: x"
    )
    entries = [
        connection("dam-a", Status.MISSING, "Dam"),
        hinted,
        connection("dam-x", Status.ORPHANED, "Dam", 3),
    ]
    merged = with_connection_renames_merged(entries)
    assert [entry.looks_renamed_to for entry in merged] == [None, None, None]
    assert "looks like a rename" not in merged[1].reason
