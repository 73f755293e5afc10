"""Whether the JSON-RPC endpoint a THREAD's writes go to serves the platform the plan read over REST.

A target's two endpoints are given apart (--endpoint; --rpc-endpoint, IOTPLAN_RPC_ENDPOINT or the
one derived from --endpoint), and neither API says which platform it is: a variable left over from
another session pairs one platform's REST with another's JSON-RPC, and every THREAD write would go
to a platform the plan never read. So before a unit's first write its node, as JSON-RPC reads it
(`getNodes`, the read an update of the node makes anyway), is held against what the plan's REST read
saw: whether it exists, and its NAME. A difference stops the unit, nothing written: iotplan cannot
be sure which platform it writes to. The check costs one request per unit at most, so it reads the
node alone; a device the REST lists gave that JSON-RPC lacks is caught where the unit updates it
(apply/thread.py `_whole_props`), not otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from iotplan.plan.model import Action, Change, Kind, Plan
from iotplan.wording import live_quoted


@dataclass(frozen=True)
class Endpoints:
    """The target's two endpoints as the plan names them, for a message: never a secret."""

    rest: str = "the REST endpoint"
    rpc: str = "the JSON-RPC endpoint"

    @classmethod
    def of(cls, plan: Plan) -> Endpoints:
        return cls(plan.target_identity or plan.target, plan.target_rpc_endpoint or "the in-process JSON-RPC")


@dataclass(frozen=True)
class NodeSeen:
    """The unit's node as the plan's REST read saw it."""

    node_id: str
    exists: bool
    name: str | None  # None: not known (not read, or read without one)


def node_seen(changes: list[Change]) -> NodeSeen:
    """What the REST read saw of the node these changes are under. A node a fence left out of the
    plan is not created by it, so the devices written under it need it there; its NAME is unknown."""
    node = next((change for change in changes if change.kind is Kind.NODE), None)
    if node is None:
        return NodeSeen(_node_id(changes), exists=True, name=None)
    exists = node.action is not Action.CREATE
    name = (node.before or {}).get("name") if exists else None
    return NodeSeen(_node_id(changes), exists, name if isinstance(name, str) else None)


def _node_id(changes: list[Change]) -> str:
    """`/fn/{serial}/node`: every id of a THREAD connection's entities starts with its node's."""
    entity_id = next(str(change.live_id) for change in changes if change.live_id)
    return "/".join(entity_id.split("/")[:4])


def disagreement(seen: NodeSeen, answered: list[dict[str, Any]], endpoints: Endpoints) -> str:
    """Why the node JSON-RPC answered (`getNodes` of its id) is not the one the REST read saw; ''
    when they agree."""
    node = next((entity for entity in answered if entity.get("id") == seen.node_id), None)
    differs = _difference(seen, node)
    if not differs:
        return ""
    return (
        f"REST at {endpoints.rest} and JSON-RPC at {endpoints.rpc} disagree on {seen.node_id} "
        f"({differs}): they look like two platforms; check --rpc-endpoint / IOTPLAN_RPC_ENDPOINT "
        "(or plan again if the node changed since the plan read it). Nothing of it was written"
    )


def _difference(seen: NodeSeen, node: Mapping[str, Any] | None) -> str:
    if node is None:
        return "REST lists it, JSON-RPC does not find it" if seen.exists else ""
    if not seen.exists:
        return "JSON-RPC finds it, REST did not list it"
    props = node.get("props")
    name = props.get("NAME") if isinstance(props, dict) else None
    # A NAME JSON-RPC leaves out (erased by another tool's replacing update, A14) is no other node's:
    # an update that must resend it is refused where it is read (apply/thread.py `_whole_props`).
    if None not in (seen.name, name) and name != seen.name:
        return f"REST reads its NAME {live_quoted(seen.name)}, JSON-RPC {live_quoted(name)}"
    return ""
