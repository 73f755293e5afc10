"""The stages composed: load → read live → diff, and apply → verify. Async; the CLI runs it.

Each function here reads top to bottom as the data flows; the stages themselves live in
manifest/, live/, plan/ and apply/.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from iotplan.apply.edge import Gateway, apply_gateways, edge_writes
from iotplan.apply.execute import (
    Outcome,
    ProgressCallback,
    Status,
    apply_plan,
    not_started,
    writes_by_connection,
)
from iotplan.apply.rollout import Gate, Rollout
from iotplan.collector import paused_collector
from iotplan.errors import IotplanError
from iotplan.live import LiveGateway
from iotplan.live.gateways import read_gateway
from iotplan.live.read import read_live
from iotplan.manifest import LoadedManifest
from iotplan.plan.catalog import check_catalog
from iotplan.plan.desired import DesiredEntity, desired_nodes, read_scopes
from iotplan.plan.diff import PlanOptions, make_plan
from iotplan.plan.edge import desired_edge_settings
from iotplan.plan.model import Action, Change, ManifestSource, Plan
from iotplan.secrets import lookup_secret, require_secret


@dataclass(frozen=True)
class Settings:
    options: PlanOptions = field(default_factory=PlanOptions)
    parallelism: int = 16
    source: ManifestSource | None = None


def derive_nodes(loaded: LoadedManifest) -> list[DesiredEntity]:
    """The desired state, once per command: at 100,000 sensors it takes half a second."""
    with paused_collector():
        return desired_nodes(loaded)


async def plan_manifest(
    client: Any,
    loaded: LoadedManifest,
    target: str,
    settings: Settings,
    environ: Mapping[str, str],
    open_gateway: Callable[[str], Any] | None = None,
    nodes: list[DesiredEntity] | None = None,
) -> Plan:
    """`nodes`, when the caller derived them already, are not derived again (a second at scale)."""
    nodes = derive_nodes(loaded) if nodes is None else nodes
    scopes = read_scopes(loaded.stack, nodes, [project.id for project in loaded.manifest.projects])
    live, gateways = await asyncio.gather(
        read_live(client, scopes, target=target, parallelism=settings.parallelism),
        read_gateways(open_gateway, nodes, settings.parallelism) if open_gateway else _no_gateways(),
    )
    live.gateways = gateways
    if live.catalog is not None:
        check_catalog(nodes, live.catalog)
    return make_plan(
        loaded,
        live,
        settings.options,
        source=settings.source,
        resolve_secret=lambda reference: lookup_secret(reference, environ),
        nodes=nodes,
    )


async def _no_gateways() -> dict[str, LiveGateway]:
    return {}


async def read_gateways(
    open_gateway: Callable[[str], Any], nodes: list[DesiredEntity], parallelism: int
) -> dict[str, LiveGateway]:
    """Each declared THREAD, concurrently: only the settings its manifest names are read."""
    limit = asyncio.Semaphore(parallelism)
    declared = [node for node in nodes if node.edge is not None and node.pinned_id]

    async def one(node: DesiredEntity) -> LiveGateway:
        assert node.edge is not None and node.pinned_id is not None
        wanted = set(desired_edge_settings(node.edge))
        async with limit:
            return await read_gateway(
                open_gateway(node.edge.host), node.edge.host, _serial(node.pinned_id), wanted
            )

    found = await asyncio.gather(*(one(node) for node in declared))
    return {node.address: gateway for node, gateway in zip(declared, found, strict=True)}


def _serial(node_id: str) -> str:
    """`/fn/4A1B2C/node` → `4A1B2C`: a THREAD's connection id carries its serial."""
    return node_id.split("/")[2]


def gateways_of(nodes: list[DesiredEntity]) -> dict[str, Gateway]:
    return {
        node.address: Gateway(node.address, node.edge.host, _serial(node.pinned_id))
        for node in nodes
        if node.edge is not None and node.pinned_id
    }


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
            raise IotplanError(
                f"{change.address}: auth_token {reference} is not set (or empty) in the environment"
            )


async def apply_and_verify(
    client: Any,
    open_gateway: Callable[[str], Any],
    plan: Plan,
    loaded: LoadedManifest,
    settings: Settings,
    environ: Mapping[str, str],
    on_done: ProgressCallback,
    nodes: list[DesiredEntity],
    allow_disconnect: bool = False,
    rollout: Rollout | None = None,
) -> tuple[list[Outcome], Plan, Gate]:
    """Platform writes, then gateway pushes, wave by wave as the rollout says; then a fresh plan."""
    platform_units = writes_by_connection(plan)  # grouped once: a wave picks its units from these
    gateway_units = edge_writes(plan)
    units = {**platform_units, **{f"{node}/edge": changes for node, changes in gateway_units.items()}}
    rollout = rollout or Rollout()
    gate = Gate(rollout, len(units))

    def finished(outcome: Outcome) -> None:
        gate.record(outcome)
        on_done(outcome)

    resolve = lambda reference: require_secret(reference, environ)  # noqa: E731
    gateways = gateways_of(nodes)
    outcomes: list[Outcome] = []
    for index, wave in enumerate(rollout.waves(list(units))):
        if gate.stopped:
            break
        outcomes += await apply_plan(
            client,
            plan,
            resolve,
            parallelism=settings.parallelism,
            on_done=finished,
            groups={name: platform_units[name] for name in wave if name in platform_units},
            admit=gate.admit,
        )
        outcomes += await apply_gateways(
            open_gateway,
            gateways,
            plan,
            allow_disconnect=allow_disconnect,
            parallelism=settings.parallelism,
            on_done=finished,
            groups={node: gateway_units[node] for node in _gateway_nodes(wave) if node in gateway_units},
            admit=gate.admit,
        )
        gate.after_wave(index)
    outcomes = _with_unstarted(outcomes, units, gate)
    after = await plan_manifest(client, loaded, plan.target, settings, environ, open_gateway, nodes)
    return outcomes, after, gate


def _gateway_nodes(wave: list[str]) -> list[str]:
    return [unit.removesuffix("/edge") for unit in wave if unit.endswith("/edge")]


def _with_unstarted(outcomes: list[Outcome], units: dict[str, list[Change]], gate: Gate) -> list[Outcome]:
    """Every unit appears once, in plan order; those never started say why."""
    done = {outcome.connection: outcome for outcome in outcomes if outcome.status is not Status.NOT_STARTED}
    return [
        done.get(name) or not_started(name, changes, f"not started: {gate.reason}")
        for name, changes in units.items()
    ]


def succeeded(outcomes: list[Outcome]) -> bool:
    return all(outcome.status is Status.APPLIED for outcome in outcomes)
