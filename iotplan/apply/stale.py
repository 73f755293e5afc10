"""A saved plan is applied only while the world it was made against still stands."""

from __future__ import annotations

from iotplan.errors import StalePlanError
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Change, ManifestSource, Plan
from iotplan.wording import counted, first, observations


def check_not_stale(saved: Plan, fresh: Plan) -> None:
    """Refuse when the manifest, or any live entity the saved plan touches, changed since.

    Only the saved plan's writes are read: an apply holds no more of it (commands/apply.py
    `as_reviewed`). An in-sync entity changed since shows as a fresh write the saved plan lacks."""
    check_manifest_unchanged(saved, fresh.manifest.digest)
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
        raise StalePlanError(_changed_since(moved, saved, fresh_by_address))
    removals = [change for change in saved.changes if change.action.destroys]
    widened = [text for change in removals if (text := takes_more(change, fresh_by_address[change.address]))]
    if widened:
        raise StalePlanError(
            f"the platform changed since the plan was made: {listed(widened, '; ')}: run iotplan plan again"
        )


def check_manifest_unchanged(saved: Plan, digest: str) -> None:
    """Refuse when the manifest, as rendered now (`digest`), is not the one the plan was made from.
    A cheap read of its files: checked before the platform is read, so a manifest that could no
    longer be planned (a renamed stack, an unset secret) is told as what it is, a stale plan."""
    if saved.manifest.digest != digest:
        raise StalePlanError(
            f"{_manifest_named(saved.manifest)} changed since the plan was made: run iotplan plan again"
        )


def _manifest_named(source: ManifestSource) -> str:
    """The manifest as the user gave it. Its digest is of the text rendered from all its inputs,
    so which of them changed is not known: a rendered one is named with every file it reads."""
    inputs = [_file_named(path) for path in (source.vars_file, source.sites_file) if path]
    if not inputs:
        return f"the manifest {source.path}"
    return f"the rendered manifest ({source.path} with {' and '.join(inputs)})"


def _file_named(path: str) -> str:
    return "standard input" if path == "-" else path


def _changed_since(moved: list[Address], saved: Plan, fresh: dict[Address, Change]) -> str:
    """Which changed. A token that alone differs may be the environment's doing (a rotated secret),
    not the platform's: iotplan cannot tell which, and says so."""
    saved_by_address = {change.address: change for change in saved.changes}
    secrets = [a for a in moved if _only_a_secret_differs(saved_by_address.get(a), fresh.get(a))]
    platform = [address for address in moved if address not in secrets]
    said = []
    if platform:
        said.append(f"the platform changed since the plan was made ({listed(platform)})")
    if secrets:
        said.append(
            f"a token differs from when the plan was made ({listed(secrets)}): its ${{env:...}} variable "
            "or the platform's token changed"
        )
    return "; ".join(said) + ": run iotplan plan again"


def _only_a_secret_differs(saved: Change | None, fresh: Change | None) -> bool:
    if fresh is None or not fresh.fields or not all(field.sensitive for field in fresh.fields):
        return False
    if saved is None or saved.action is Action.NOOP:  # in sync then: only the token differs now
        return True
    return saved.fingerprint == fresh.fingerprint and saved.action == fresh.action


def listed(items: list[Address] | list[str], separator: str = ", ") -> str:
    """Ten of `items` at most, then how many more: what a stale-plan refusal names."""
    return first(items, 10, separator)


def takes_more(saved: Change, fresh: Change) -> str:
    """What a removal or replacement would now destroy beyond what was reviewed: entities that
    appeared under it since (another stack's device in a removed connection), or data where the
    review saw none (so none of --allow-destroy's concern). The entity's own fingerprint shows
    neither. More observations on what was reviewed holding data are the same history, still
    reporting: refusing them would make a live sensor's removal impossible to apply from a plan."""
    said = []
    reviewed_collateral = set(saved.collateral)
    added = [address for address in fresh.collateral if address not in reviewed_collateral]
    if added:
        said.append(f"{counted(len(added), 'entity')} not reviewed would go with it ({listed(added)})")
    if fresh.observations_unknown and not saved.observations_unknown:
        said.append("its observations can no longer be counted")
    elif fresh.observations and not saved.observations:
        said.append(f"it would destroy {observations(fresh.observations, False)}, none when reviewed")
    reviewed_holding = None if saved.holding is None else set(saved.holding)  # None: not recorded
    started = [a for a in fresh.holding or () if reviewed_holding is not None and a not in reviewed_holding]
    if started:
        said.append(
            f"data on {counted(len(started), 'sensor')} that held none when reviewed ({listed(started)})"
        )
    return f"{saved.action} {saved.address}: " + ", and ".join(said) if said else ""


def _same(saved: Change, fresh: Change | None) -> bool:
    return (
        fresh is not None
        and fresh.action == saved.action
        and fresh.fingerprint == saved.fingerprint
        and fresh.fields == saved.fields
    )
