"""The stages composed: load → read live → diff, and apply → verify. Async; the CLI runs it.

Each function here reads top to bottom as the data flows; the stages themselves live in
manifest/, live/, plan/ and apply/.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from iotplan.apply.execute import Outcome, ProgressCallback, Status, apply_plan
from iotplan.errors import IotplanError
from iotplan.live.read import read_live
from iotplan.manifest import LoadedManifest
from iotplan.plan.catalog import check_catalog
from iotplan.plan.desired import desired_nodes, read_scopes, walk
from iotplan.plan.diff import PlanOptions, make_plan
from iotplan.plan.model import Action, ManifestSource, Plan
from iotplan.secrets import lookup_secret, require_secret


@dataclass(frozen=True)
class Settings:
    options: PlanOptions = field(default_factory=PlanOptions)
    parallelism: int = 16
    source: ManifestSource | None = None


async def plan_manifest(
    client: Any, loaded: LoadedManifest, target: str, settings: Settings, environ: Mapping[str, str]
) -> Plan:
    nodes = desired_nodes(loaded)
    scopes = read_scopes(loaded.stack, nodes)
    live = await read_live(client, scopes, target=target, parallelism=settings.parallelism)
    if live.catalog is not None:
        check_catalog(nodes, live.catalog)
    return make_plan(
        loaded,
        live,
        settings.options,
        source=settings.source,
        resolve_secret=lambda reference: lookup_secret(reference, environ),
    )


def refuse_unsafe(plan: Plan, *, allow_destroy: bool, environ: Mapping[str, str]) -> None:
    """Before any write: history is not destroyed by accident, and every secret resolves."""
    destroying = [c for c in plan.changes if c.action.destroys and c.observations > 0]
    if destroying and not allow_destroy:
        total = sum(change.observations for change in destroying)
        listed = "\n".join(f"  {c.address}: {c.observations:,} observations" for c in destroying[:20])
        raise IotplanError(
            f"this apply would destroy {total:,} observations, which cannot be recovered:\n{listed}\n"
            "Re-run with --allow-destroy if that is intended."
        )
    for change in plan.changes:
        reference = (change.after or {}).get("auth_token")
        writes_secret = change.action in (Action.CREATE, Action.UPDATE) and reference is not None
        if writes_secret and lookup_secret(str(reference), environ) is None:
            raise IotplanError(f"{change.address}: auth_token {reference} is not set in the environment")


async def apply_and_verify(
    client: Any,
    plan: Plan,
    loaded: LoadedManifest,
    settings: Settings,
    environ: Mapping[str, str],
    on_done: ProgressCallback,
) -> tuple[list[Outcome], Plan]:
    outcomes = await apply_plan(
        client,
        plan,
        lambda reference: require_secret(reference, environ),
        parallelism=settings.parallelism,
        on_done=on_done,
    )
    after = await plan_manifest(client, loaded, plan.target, settings, environ)
    return outcomes, after


def succeeded(outcomes: list[Outcome]) -> bool:
    return all(outcome.status is Status.APPLIED for outcome in outcomes)


def declared_count(loaded: LoadedManifest) -> int:
    return sum(1 for _ in walk(desired_nodes(loaded)))
