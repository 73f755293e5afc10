"""What must hold before the first write of an apply. Pure: a plan in, a refusal out.

Every guard runs before any request is sent, so a refused apply writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from iotplan.errors import IotplanError
from iotplan.plan.model import Action, Plan

LISTED = 20  # addresses a refusal names before it summarises the rest
# Resolves a secret reference to its value, or None when it is not set.
SecretLookup = Callable[[str], str | None]


@dataclass(frozen=True)
class Permissions:
    """What the user allowed on the command line."""

    allow_destroy: bool = False
    allow_disconnect: bool = False


def refuse_unsafe(plan: Plan, permissions: Permissions, lookup: SecretLookup) -> None:
    refuse_data_loss(plan, permissions)
    refuse_unset_secrets(plan, lookup)


def refuse_data_loss(plan: Plan, permissions: Permissions) -> None:
    """History is never destroyed by accident: removals of what holds observations need a flag."""
    destroying = [c for c in plan.changes if c.action.destroys and c.observations > 0]
    if not destroying or permissions.allow_destroy:
        return
    total = sum(change.observations for change in destroying)
    listed = "\n".join(f"  {c.address}: {c.observations:,} observations" for c in destroying[:LISTED])
    more = len(destroying) - LISTED
    if more > 0:
        listed += f"\n  and {more} more"
    raise IotplanError(
        f"this apply would destroy {total:,} observations, which cannot be recovered:\n{listed}\n"
        "Re-run with --allow-destroy if that is intended."
    )


def refuse_unset_secrets(plan: Plan, lookup: SecretLookup) -> None:
    """Every secret a write carries resolves now, not halfway through the apply."""
    for change in plan.changes:
        reference = (change.after or {}).get("auth_token")
        writes_secret = change.action in (Action.CREATE, Action.UPDATE) and reference is not None
        if writes_secret and lookup(str(reference)) is None:
            raise IotplanError(
                f"{change.address}: auth_token {reference} is not set (or empty) in the environment"
            )
