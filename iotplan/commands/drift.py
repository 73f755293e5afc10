"""iotplan drift: where reality has wandered from git. Read-only, safe to schedule.

Drift is a plan seen from the other side: each manifest is planned, and the plan read as a
report (`plan/drift.py`). Several manifests give one report.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from iotplan import __version__
from iotplan.clients.target import Target
from iotplan.commands.manifests import SharedStack, shared_stacks
from iotplan.commands.plan import (
    PlanRequest,
    lists_read_again,
    plan_command,
    read_began,
    refuse_lists_changed_under,
    target_identity,
)
from iotplan.errors import IotplanError, NoSafePlanError
from iotplan.live.read import PagedLists, SharedLists
from iotplan.plan.coverage import Coverage, Shard
from iotplan.plan.desired import DesiredState
from iotplan.plan.drift import Coordinates, Entry, Report
from iotplan.plan.drift_entries import drift_entries, one_entry_per_entity, with_refusals
from iotplan.plan.model import Plan
from iotplan.plan.shard import shard_desired

MANIFESTS_AT_ONCE = 4  # each manifest's read is itself concurrent under --parallelism
# What a list an entity was removed from between its pages made drift get wrong (A5): the stop's words.
DRIFT_READ = (
    "drift read these lists in pages, so it may have missed a live one, reported it MISSING or left "
    "it out of what a removal destroys"
)


@dataclass(frozen=True)
class DriftRequest:
    manifests: list[tuple[str, DesiredState]]  # the path as given, and what it declares
    parallelism: int = 16
    shard: Shard | None = None  # --shard: only this shard's connections are read and reported

    def __post_init__(self) -> None:
        refuse_shared_stacks(self.manifests)


async def drift_command(
    target: Target,
    request: DriftRequest,
    environ: Mapping[str, str],
    on_read: Callable[[], None] = lambda: None,
) -> Report:
    report = Report(
        target=target.description,
        made_by=__version__,
        target_identity=target_identity(target),
        manifests={path: desired.source.digest for path, desired in request.manifests},
        shard=Coverage.of(request.shard) if request.shard else None,
        read_at=read_began(),  # before the first manifest's read: the earliest of its plans'
    )
    limit = asyncio.Semaphore(MANIFESTS_AT_ONCE)
    shared = SharedLists()  # each project's device and sensor lists, read once for every manifest
    read_again: list[tuple[PagedLists, set[tuple[str, str]]]] = []

    async def one(path: str, desired: DesiredState) -> None:
        async with limit:
            read = PlanRequest(
                desired,
                parallelism=request.parallelism,
                require_secrets=False,
                shard=request.shard,
                recheck_paged_lists=False,
            )
            paged = PagedLists(shared=shared)
            plan, entries = await _entries(target, read, environ, path, paged)
        lists = lists_read_again(plan, paged)
        if lists:  # the plan itself is not kept: a fleet's report holds its entries already
            read_again.append((paged, lists))
        report.entries.extend(entries)
        if plan.catalog_notes:
            report.catalog_notes[path] = plan.catalog_notes
        report.locations.update(site_locations(path, shard_desired(desired, request.shard)))
        on_read()

    with target.client.one_node_list_per_project():  # drift writes nothing between the reads
        await asyncio.gather(*(one(path, desired) for path, desired in request.manifests))
    await _refuse_lists_changed(target, read_again, request.parallelism)
    report.entries.sort(key=lambda entry: (entry.manifest, entry.site))
    report.entries = one_entry_per_entity(report.entries)
    return report


async def _entries(
    target: Target, request: PlanRequest, environ: Mapping[str, str], path: str, paged: PagedLists
) -> tuple[Plan, list[Entry]]:
    """One manifest's plan and entries. A plan that `plan` and `apply` refuse is reported all the
    same, each refusal with the entry of the entity it concerns: drift only reads, and a sensor moved
    in the web app is drift to report, not a reason to report nothing. A refusal that concerns no
    entry stops the report, as every refusal once did: nothing else in it would say it."""
    try:
        plan = await plan_command(target, request, environ, paged)
        return plan, drift_entries(plan, path)
    except NoSafePlanError as refused:
        plan = refused.plan()
        entries = with_refusals(drift_entries(plan, path, refusals=refused.refusals), refused.refusals)
        if entries is None:
            raise
        return plan, entries


async def _refuse_lists_changed(
    target: Target, read_again: list[tuple[PagedLists, set[tuple[str, str]]]], parallelism: int
) -> None:
    """A MISSING entry, an ORPHANED one or a replacement (what it destroys) read through a list that
    may have lost an item to another writer's removal between its pages rests on what that list left
    out: a live device reported missing pages someone at night. Those lists are read again as a
    plan's are, and a list that lost an entity stops the report, a read that went wrong (exit 1, as a
    connection listed but gone when read), not drift (2). Every manifest read each list through the
    one read the run shares (the client's connection list, SharedLists), so each list is read again
    once, after every manifest is read, for all the manifests whose entries rest on it, not once a
    manifest: 50 sites of a 100,000-sensor project, 200 requests, not 10,000. A report with nothing
    of the kind reads nothing more."""
    wanted = {key for _, lists in read_again for key in lists}
    await refuse_lists_changed_under(target, _one_read(read_again), wanted, parallelism, DRIFT_READ)


def _one_read(read_again: list[tuple[PagedLists, set[tuple[str, str]]]]) -> PagedLists:
    """The shared read's items of each list some manifest's entries rest on: every manifest that
    noted a list noted that same read."""
    merged = PagedLists()
    for paged, lists in read_again:
        merged.items.update((key, paged.items[key]) for key in lists if key in paged.items)
    return merged


def refuse_shared_stacks(manifests: list[tuple[str, DesiredState]]) -> None:
    """Two manifests of one stack that list one project, read against one platform, each call what the
    other declares there orphaned: one report would say the same entity is in sync and about to be
    removed. Two that list no project in common are read together (apart_stacks warns of them)."""
    clashes = [shared for shared in _shared_stacks(manifests) if shared.clash]
    if clashes:
        raise IotplanError(".\n".join(str(each) for each in clashes) + ".")


def apart_stacks(manifests: list[tuple[str, DesiredState]]) -> list[SharedStack]:
    """Manifests of one stack that list no project in common: each blind to the others' projects."""
    return [shared for shared in _shared_stacks(manifests) if not shared.clash]


def _shared_stacks(manifests: list[tuple[str, DesiredState]]) -> list[SharedStack]:
    return shared_stacks((path, desired.stack, desired.project_ids) for path, desired in manifests)


def site_locations(path: str, desired: DesiredState) -> dict[tuple[str, str], Coordinates]:
    """Each connection's declared location: where the report puts its site on a map."""
    located: dict[tuple[str, str], Coordinates] = {}
    for node in desired.nodes:
        location = node.fields.get("location")
        if isinstance(location, dict) and "lat" in location and "lon" in location:
            located[(path, node.connection)] = Coordinates(float(location["lat"]), float(location["lon"]))
    return located
