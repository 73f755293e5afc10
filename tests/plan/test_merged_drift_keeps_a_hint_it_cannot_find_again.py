"""A drift report saved before format 1.10 carries no name on a missing connection: the merge cannot
pair it, and keeps the hint its shard found rather than drop it unseen (cr64)."""

from __future__ import annotations

from iotplan.plan.drift import Entry, Severity, Status
from iotplan.plan.drift_entries import with_connection_renames_merged
from iotplan.plan.model import Kind

HINTED = (
    "not in the manifest: the next apply removes it, destroying 5 observations; it looks like a rename to "
    "dam-a: to keep its history, add `moved: [{from: dam-ab, to: dam-a}]`"
)


def test_a_shards_hint_to_a_missing_connection_without_a_name_is_kept() -> None:
    common = {"manifest": "m.yaml", "kind": Kind.NODE, "severity": Severity.CRITICAL, "project_id": "p"}
    missing = Entry(
        site="dam-a", address="dam-a", status=Status.MISSING, reason="declared", name=None, **common
    )
    orphan = Entry(
        site="dam-ab",
        address="dam-ab",
        status=Status.ORPHANED,
        reason=HINTED,
        name="Dam",
        observations=5,
        looks_renamed_to="dam-a",
        **common,
    )
    assert with_connection_renames_merged([missing, orphan]) == [missing, orphan]
