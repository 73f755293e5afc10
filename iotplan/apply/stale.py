"""A saved plan is applied only while the world it was made against still stands."""

from __future__ import annotations

from iotplan.errors import StalePlanError
from iotplan.plan.model import Change, Plan


def check_not_stale(saved: Plan, fresh: Plan) -> None:
    """Refuse when the manifest, or any live entity the saved plan touches, changed since.

    Only the saved plan's writes are read: an apply holds no more of it (commands/apply.py
    `as_reviewed`). An in-sync entity changed since shows as a fresh write the saved plan lacks."""
    if saved.manifest.digest != fresh.manifest.digest:
        raise StalePlanError(
            f"the manifest {saved.manifest.path} changed since the plan was made: run iotplan plan again"
        )
    fresh_by_address = {change.address: change for change in fresh.changes}
    saved_writes = {change.address for change in saved.changes if change.action.writes}
    moved = [
        change.address
        for change in saved.changes
        if change.action.writes and not _same(change, fresh_by_address.get(change.address))
    ]
    # Writes the saved plan did not hold would be applied unreviewed: the platform moved under it.
    moved += [c.address for c in fresh.changes if c.action.writes and c.address not in saved_writes]
    if moved:
        listed = ", ".join(moved[:10]) + (f" and {len(moved) - 10} more" if len(moved) > 10 else "")
        raise StalePlanError(
            f"the platform changed since the plan was made ({listed}): run iotplan plan again"
        )


def _same(saved: Change, fresh: Change | None) -> bool:
    return (
        fresh is not None
        and fresh.action == saved.action
        and fresh.fingerprint == saved.fingerprint
        and fresh.fields == saved.fields
    )
