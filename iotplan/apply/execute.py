"""Run a plan's writes: one integrate call per connection (more when split), connections concurrently.

A call is all or nothing on the platform, so a connection is either applied, failed (with the
platform's own message), or not started; a rerun plans from live state and converges.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from iotplan.apply.bodies import SecretResolver, connection_calls
from iotplan.errors import IotplanError
from iotplan.plan.model import Change, Plan


class PlatformWriter(Protocol):
    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]: ...


class Status(StrEnum):
    APPLIED = "applied"
    FAILED = "failed"
    PENDING = "pending"  # a gateway that did not answer: tried again next run
    NOT_STARTED = "not started"


@dataclass
class Outcome:
    """What happened to one connection's changes."""

    connection: str
    status: Status = Status.NOT_STARTED
    message: str = ""
    calls: int = 0
    applied: list[str] = field(default_factory=list)  # addresses written
    pending: list[str] = field(default_factory=list)  # addresses not written

    def to_dict(self) -> dict[str, Any]:
        return {
            "connection": self.connection,
            "status": str(self.status),
            "message": self.message,
            "calls": self.calls,
            "applied": self.applied,
            "not_applied": self.pending,
        }


ProgressCallback = Callable[[Outcome], None]


def writes_by_connection(plan: Plan) -> dict[str, list[Change]]:
    """Each connection's changes (no-ops kept: they carry the ids writes need), if it has writes."""
    groups: dict[str, list[Change]] = {}
    for change in plan.changes:
        if change.kind != "edge":  # gateway settings go to the gateway (apply/edge.py)
            groups.setdefault(change.connection, []).append(change)
    return {name: changes for name, changes in groups.items() if any(c.action.writes for c in changes)}


async def apply_plan(
    client: PlatformWriter,
    plan: Plan,
    resolve: SecretResolver,
    *,
    parallelism: int = 16,
    on_done: ProgressCallback = lambda outcome: None,
    groups: dict[str, list[Change]] | None = None,
    admit: Callable[[], bool] = lambda: True,
) -> list[Outcome]:
    """Each connection's writes (`groups`, when the caller grouped them already); a connection that
    `admit` refuses is not started."""
    limit = asyncio.Semaphore(parallelism)
    groups = writes_by_connection(plan) if groups is None else groups

    async def one(connection: str, changes: list[Change]) -> Outcome:
        async with limit:
            if not admit():
                return not_started(connection, changes)
            outcome = await apply_connection(client, connection, changes, resolve)
        on_done(outcome)
        return outcome

    return list(await asyncio.gather(*(one(name, changes) for name, changes in groups.items())))


def not_started(unit: str, changes: list[Change], message: str = "") -> Outcome:
    return Outcome(unit, Status.NOT_STARTED, message, pending=[c.address for c in changes if c.action.writes])


async def apply_connection(
    client: PlatformWriter, connection: str, changes: list[Change], resolve: SecretResolver
) -> Outcome:
    outcome = Outcome(connection, pending=[c.address for c in changes if c.action.writes])
    project_id = changes[0].project_id
    node_id: str | None = None
    for call in connection_calls(changes, resolve):
        if call.integration.get("nodeId", "") is None:
            call.integration["nodeId"] = node_id
        outcome.calls += 1  # sent, whatever the answer
        try:
            answer = await client.integrate(project_id, {"integration": call.integration})
        except IotplanError as error:
            outcome.status, outcome.message = Status.FAILED, str(error)
            return outcome
        node_id = node_id or _created_node_id(answer)
        _mark_applied(outcome, call.changes)
    if outcome.pending:  # planned but in no call: never report it applied
        outcome.status, outcome.message = (
            Status.FAILED,
            "these changes could not be sent (a bug: please report it)",
        )
        return outcome
    outcome.status = Status.APPLIED
    return outcome


def _created_node_id(answer: dict[str, Any]) -> str | None:
    node = (answer.get("integration") or {}).get("node") or {}
    return node.get("id")


def _mark_applied(outcome: Outcome, changes: list[Change]) -> None:
    for change in changes:
        if change.address in outcome.pending:
            outcome.pending.remove(change.address)
            outcome.applied.append(change.address)
