"""iotplan check-platform: the assumptions a write depends on, tried against the user's own tenant.

A made-up project id is read; a scratch connection is created with four devices, each with a sensor;
its first read answers the identity questions (A4, A1) and the read-side ones (observation counts,
projectIds, paging); each write assumption is tried on it and read back; and it is removed at the
end whatever happened before (an error, Ctrl-C). That removal is itself the probe of A4's cascade;
when the connection does not go, it is taken apart from the bottom up, and when even that fails
the report says so with its id.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from iotplan.clients.paging import PAGE_SIZE
from iotplan.clients.retry import SAFE_WRITE_STATUSES
from iotplan.clients.target import Target
from iotplan.commands import probes
from iotplan.commands.scratch import (
    SCRATCH_NAME,
    Scratch,
    Snapshot,
    is_scratch,
    not_checked_because,
    passing,
    platform_message,
    props,
)
from iotplan.commands.scratch_removal import Found, created_anyway, finish_removal, remove_scratch
from iotplan.errors import (
    IotplanError,
    PlatformError,
    refuses_credential,
    refuses_credential_or_reach,
    status_of,
)
from iotplan.live.read import wrong_path_said
from iotplan.render import check_report as checks
from iotplan.render.check_report import (
    LIST_ORDER,
    PAGING,
    PROJECT_IDS,
    UNKNOWN_PROJECT,
    Assumption,
    CheckLine,
    CheckReport,
    EarlierScratch,
)

Step = Callable[[str], None]  # progress, for stderr
Lines = dict[str, CheckLine]


@dataclass(frozen=True)
class CheckRequest:
    project_id: str


async def check_platform(
    target: Target, request: CheckRequest, on_step: Step = lambda _: None
) -> CheckReport:
    if await target.client.get_project(request.project_id) is None:
        said = f"no project {request.project_id} on {target.description}"
        wrong_path = await wrong_path_said(target.client)  # every route answering 404: not the id's fault
        if wrong_path is not None:
            said = (
                f"GET /api/projects/{request.project_id} answered 404 on {target.description}; {wrong_path}"
            )
        raise IotplanError(f"{said}: nothing was written")
    scratch, lines = Scratch(target.client, request.project_id), Lines()
    interrupted = False
    try:
        stopped = await _probe(scratch, lines, on_step)
    except asyncio.CancelledError:  # Ctrl-C: the scratch connection still goes, and the report says so
        stopped, interrupted = "Interrupted: the probes not yet tried are untested.", True
    except BaseException:
        on_step((await remove_scratch(scratch, lines, on_step)).message)
        raise
    try:
        removed = await remove_scratch(scratch, lines, on_step)
    except asyncio.CancelledError:  # Ctrl-C during the removal: it is finished, and the report made
        interrupted = True
        stopped = " ".join(filter(None, (stopped, "Interrupted during the scratch connection's removal.")))
        removed = await finish_removal(scratch, lines, on_step)
    not_tried = "not tried: the probes stopped early (see below)"
    ordered = [lines.get(each.key) or each.untested(not_tried) for each in checks.ASSUMPTIONS]
    earlier = tuple(map(_earlier, scratch.earlier or ()))
    return CheckReport(
        request.project_id, target.description, ordered, removed, stopped, interrupted, earlier
    )


def _earlier(node: dict[str, Any]) -> EarlierScratch:
    ref_id, name = props(node).get("SERIAL_NO"), props(node).get("NAME")
    return EarlierScratch(
        str(node.get("id")),
        ref_id if isinstance(ref_id, str) else None,
        name if isinstance(name, str) else None,
    )


async def _probe(scratch: Scratch, lines: Lines, on_step: Step) -> str:
    """Every probe but the removal; returns why the probes stopped early, if they did."""
    try:
        return await _probe_each(scratch, lines, on_step)
    except PlatformError as error:
        if not refuses_credential_or_reach(error):
            raise
        return _credential_refused(lines, error)


def _credential_refused(lines: Lines, error: PlatformError) -> str:
    """Once the platform refuses the credential (a token that expired mid-run), every request after
    is refused alike: the probes stop, and no line reads as the platform failing an assumption."""
    for assumption in checks.ASSUMPTIONS:
        lines.setdefault(
            assumption.key, assumption.untested("could not run: credentials refused (see below)")
        )
    return (
        f"The platform refused the credential ({platform_message(error)}): the probes not yet tried could "
        "not run. Run check-platform again with a credential that is current and may write in this project."
    )


async def _probe_each(scratch: Scratch, lines: Lines, on_step: Step) -> str:
    lines[UNKNOWN_PROJECT.key] = await _attempt(UNKNOWN_PROJECT, lambda: _unknown_project(scratch))
    with contextlib.suppress(IotplanError):  # unread, a look-alike found later is not told apart
        scratch.earlier = [
            node for node in await scratch.client.list_nodes(scratch.project_id) if is_scratch(node)
        ]
    on_step(f"Creating scratch connection {SCRATCH_NAME!r} (refId {scratch.ref_id})")
    try:
        await scratch.create()
    except IotplanError as error:
        return await _not_created(scratch, error)
    if scratch.node_id is None:
        return "The platform answered the scratch connection's creation without its id."
    on_step(f"Created scratch connection {scratch.node_id}; trying each assumption on it")
    try:
        snapshot = await scratch.read()
    except IotplanError as error:
        if refuses_credential_or_reach(error):
            raise  # _probe says so for every line
        return (
            f"The scratch connection could not be read back by its id: {platform_message(error)}."
            + _again(error)
        )
    scratch.remember(snapshot)
    lines[checks.CONNECTION_REF_ID.key] = probes.connection_ref_id(scratch, snapshot.node)
    lines[checks.CONNECTION_PROPS.key] = probes.connection_props(snapshot.node)
    lines[checks.REF_ID.key] = probes.ref_ids(scratch, snapshot)
    lines[checks.COUNTS.key] = await _attempt(checks.COUNTS, lambda: _counts(scratch, snapshot))
    lines[checks.LIST_PARENTS.key] = await _attempt(checks.LIST_PARENTS, lambda: _list_parents(scratch))
    lines[PROJECT_IDS.key] = await _attempt(PROJECT_IDS, lambda: _project_ids(scratch))
    lines[PAGING.key] = await _attempt(PAGING, lambda: _paging(scratch))  # its own sensors are listed now
    lines[LIST_ORDER.key] = await _attempt(LIST_ORDER, lambda: _list_order(scratch))
    for assumption, probe in (
        (checks.METRICS_UPDATE, probes.metrics_update),  # first: it addresses a sensor through the
        # merge probe's device, which the merge probe's update may leave without its refId
        (checks.MERGE, probes.merge),
        (checks.NULL_CLEARS, probes.null_clears),
        (checks.RENAME, probes.rename),
        (checks.DEVICE_REMOVAL, probes.device_removal),
        (checks.ALL_OR_NOTHING, probes.all_or_nothing),
    ):
        lines[assumption.key] = await _attempt(assumption, lambda probe=probe: probe(scratch))  # type: ignore[misc]
    return ""


async def _not_created(scratch: Scratch, error: IotplanError) -> str:
    found = None
    with contextlib.suppress(IotplanError):  # the removal at the end looks again
        found = await created_anyway(scratch)
    scratch.node_id = found.node_id if found else None
    if _answered_success(error):
        return _unreadable_create(scratch, error, found)
    stopped = f"The scratch connection could not be created: {platform_message(error)}."
    if found is None:
        return stopped + _again(error)
    return stopped + (
        f" Yet {found.node_id} was made {found.how}: this platform answers an error after a "
        "write it made. iotplan sends a write answered 5xx once and reports it as possibly applied, "
        f"but retries one answered {_retried_writes()} as not made, which here could make a second "
        "copy. Do not apply here until you know which errors it answers after a write."
    )


def _answered_success(error: IotplanError) -> bool:
    """A 2xx whose body iotplan could not read (empty, not JSON, an error's shape): no error."""
    return 200 <= (status_of(error) or 0) < 300


def _unreadable_create(scratch: Scratch, error: IotplanError, found: Found | None) -> str:
    """What the platform did with a create it answered 2xx without a readable answer: nothing here
    tells how it answers a 429 or a 5xx, so neither is named."""
    answered = f"The scratch connection's create was answered {platform_message(error)}"
    if found is None:
        return f"{answered}, and nothing made with its refIds is listed: what the platform did is unknown."
    return (
        f"{answered}, yet {found.node_id} was made {found.how}. iotplan reports a write answered so "
        "as possibly applied, and its next plan finds what it made by refId. The probes, which judge each "
        "write by its answer, were not tried."
    )


def _again(error: IotplanError) -> str:
    """For a step that failed in a way that may pass: the probes after it were never tried."""
    return " That error may pass: run check-platform again." if passing(error) else ""


def _retried_writes() -> str:
    """The statuses after which iotplan sends a write again, as clients/retry.py decides."""
    return " or ".join(str(status) for status in sorted(SAFE_WRITE_STATUSES))


async def _attempt(assumption: Assumption, probe: Callable[[], Awaitable[CheckLine]]) -> CheckLine:
    """A probe whose requests fail leaves its assumption untested, never guessed: an error that may
    pass (5xx, 429 after retries, no answer) observed nothing of the platform's behaviour."""
    try:
        return await probe()
    except KeyError as missing:  # a scratch entity the first read did not show
        return assumption.untested(f"not tried: the scratch entity {missing} was not read back")
    except IotplanError as error:
        if refuses_credential_or_reach(error):
            raise  # every probe after it is refused alike: _probe stops
        if passing(error):
            return assumption.not_checked(not_checked_because(error))
        return assumption.untested(f"could not read the outcome: {platform_message(error)}")


# --- reads only --------------------------------------------------------------------------------
async def _unknown_project(scratch: Scratch) -> CheckLine:
    made_up = str(uuid.uuid4())
    asked = f"GET /api/projects/{made_up} (a made-up id)"
    try:
        found = await scratch.client.get_project(made_up)
    except PlatformError as error:
        if passing(error) or refuses_credential(error):
            raise  # not what the platform answers for an unknown id: _attempt says why
        return UNKNOWN_PROJECT.fails(
            f"{asked} answered {platform_message(error)}",
            "stops on a mistyped project id with that message, which may read like a missing permission",
        )
    if found is None:
        return UNKNOWN_PROJECT.holds(f"{asked} answered 404", "stops on a mistyped project id, naming it")
    return UNKNOWN_PROJECT.fails(
        f"{asked} answered 200: {str(found)[:60]}",
        "cannot tell a mistyped project id from an empty project: a plan against one shows everything "
        "to add; check project ids before applying",
    )


async def _page_zero(scratch: Scratch, kind: Literal["devices", "sensors"]) -> list[Any]:
    """Page 0 of a list at the size iotplan's own reads ask: 1000, or 100 where the platform refused
    1000 (clients/platform.py `_paged`, which the list of connections before the create went by)."""
    return await scratch.client.list_page(kind, scratch.project_id, 0, scratch.client.page_size)


async def _counts(scratch: Scratch, snapshot: Snapshot) -> CheckLine:
    listed = await _page_zero(scratch, "sensors")
    return probes.observation_counts(
        {"the connection read": snapshot.sensors, "GET /api/sensors/all": listed}
    )


async def _list_parents(scratch: Scratch) -> CheckLine:
    devices, sensors = await asyncio.gather(_page_zero(scratch, "devices"), _page_zero(scratch, "sensors"))
    return probes.list_parents(devices, sensors)


async def _project_ids(scratch: Scratch) -> CheckLine:
    assert scratch.node_id is not None
    try:
        answer = await scratch.client.get_integration_without_project(scratch.node_id)
    except PlatformError as error:
        if passing(error) or refuses_credential(error):
            raise  # not how the platform answers a read without projectIds: _attempt says why
        return PROJECT_IDS.fails(
            f"found with projectIds; without it, answered {platform_message(error)}",
            "sends projectIds on every read, so connections outside the default project read correctly",
        )
    if Snapshot.of(answer).node.get("id") != scratch.node_id:
        return PROJECT_IDS.fails("without projectIds, another connection answered", _SENDS_PROJECT_IDS)
    return PROJECT_IDS.holds("found both with projectIds and without it", _SENDS_PROJECT_IDS)


async def _paging(scratch: Scratch) -> CheckLine:
    """The sensor list, usually the longest: is pageSize=1000 served in full, from page 0?"""
    client, project, asked = scratch.client, scratch.project_id, f"GET /api/sensors/all?pageSize={PAGE_SIZE}"
    try:
        first = await client.list_page("sensors", project, 0, PAGE_SIZE)
    except PlatformError as error:
        if status_of(error) != 400 or client.page_size >= PAGE_SIZE:
            raise  # not the refusal iotplan's reads fell back from: _attempt says why
        return PAGING.fails(
            f"{asked} answered {platform_message(error)}: {PAGE_SIZE} refused; reads at {client.page_size}",
            f"asks every list in pages of {client.page_size} once its first request at {PAGE_SIZE} is "
            "refused: no entity is missed, long lists cost more requests",
        )
    if len(first) >= PAGE_SIZE:
        return PAGING.holds(f"{asked} answered {len(first)} sensors on page 0", _READS_TO_EMPTY)
    second = await client.list_page("sensors", project, 1, PAGE_SIZE)
    if not second:
        saw = f"{asked}: page 0 held all {len(first)} sensors, page 1 none (no cap over {len(first)} shows)"
        return PAGING.holds(saw, _READS_TO_EMPTY)
    if {_identity(item) for item in second} & {_identity(item) for item in first}:
        return PAGING.fails(
            f"{asked}: page 1 repeats sensors of page 0: the platform counts pageNumber from 1 or "
            "ignores it (or the order changed: see the list-order line)",
            "stops every plan, drift and apply that reads such a list, before any write, with a message: "
            "it cannot page it safely; an empty project's first apply writes (an empty list shows no "
            "repeat) and its verifying plan stops so",
        )
    cap = len(first)
    return PAGING.fails(
        f"{asked}: page 0 held {cap} sensors and page 1 went on: pages are capped at {cap}",
        f"reads on in pages of {cap} until an empty page: no entity is missed, long lists cost more requests",
    )


async def _list_order(scratch: Scratch) -> CheckLine:
    """Page 0 of the sensor list, asked twice: the same sensors in another order show an order the
    platform does not keep, which makes the pages of a longer list overlap and leave gaps."""
    asked = f"page 0 of GET /api/sensors/all, asked twice (pageSize={scratch.client.page_size})"
    first = [_identity(item) for item in await _page_zero(scratch, "sensors")]
    again = [_identity(item) for item in await _page_zero(scratch, "sensors")]
    if len(first) != len(again):  # a sensor made or removed meanwhile: no order to compare
        return LIST_ORDER.untested(f"{asked}: the list changed between the two reads (another writer?)")
    if len(first) < 2:
        return LIST_ORDER.untested(f"{asked}: {len(first)} sensor listed, no order to compare")
    if first != again:
        return LIST_ORDER.fails(f"{asked}: {_reordered(first, again)}", _STOPS_AT_A_REPEAT)
    return LIST_ORDER.holds(
        f"{asked}: the same {len(first)} sensors in the same order",
        "reads a list longer than one page page by page, and would stop at a page repeating an item",
    )


def _reordered(first: list[str], again: list[str]) -> str:
    if sorted(first) == sorted(again):
        return f"the same {len(first)} sensors in another order"
    # a full page of other sensors: another part of a longer list, or another writer's doing
    return f"{len(first)} sensors each time, not the same ones (another order, or another writer)"


_STOPS_AT_A_REPEAT = (
    "reads a list of one page whole; a longer list's read stops at the first page that repeats an item "
    "an earlier page brought, with a message: plan such a project once its order holds"
)
_SENDS_PROJECT_IDS = "sends projectIds on every read either way"
_READS_TO_EMPTY = "reads every list until an empty page, so a smaller cap would cost requests, never entities"


def _identity(item: Any) -> str:
    return str(item.get("id")) if isinstance(item, dict) else str(item)
