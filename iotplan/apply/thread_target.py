"""Whether the JSON-RPC endpoint a THREAD's writes go to serves the platform the plan read over REST.

A target's two endpoints are given apart (--endpoint; --rpc-endpoint, IOTPLAN_RPC_ENDPOINT or the
one derived from --endpoint), and neither API says which platform it is: a variable left over from
another session pairs one platform's REST with another's JSON-RPC, and every THREAD write would go
to a platform the plan never read. So before a unit's first write its node, as JSON-RPC reads it
(`getNodes`, the read an update of the node makes anyway), is held against what the plan's REST read
saw: whether it exists, its NAME, and its CREATION_DATE. A NAME is no identity (a gateway's node is
`THREAD <serial>` on every platform that has it), the moment the platform made the node is: two
platforms answer it alike only where one is a copy of the other made to the millisecond. Dates are
compared as instants (the reference writes both `...Z` and `...+00:00`).

Where the plan read no CREATION_DATE of the unit's node (it creates it, or a fence left it out), the
same request also asks for another THREAD node of its project the plan read one of (a witness). With
none, nothing shows the two endpoints are one platform: the unit is refused unless they are one by
construction (the in-process platform, or the JSON-RPC iotplan derives from --endpoint's host).
The reference shows CREATION_DATE only in JSON-RPC answers, not on REST's node list: where REST
listed the node without one, the refusal says so rather than blaming the endpoints.
A difference stops the unit, nothing written. The plan's read is earlier than JSON-RPC's, so where a
CREATION_DATE alike on both sides (or endpoints paired) shows one platform, the refusal blames only a
change since the plan read it (another apply racing this one); else that change first, then the
endpoints. The check costs one request per unit at most; a device
the REST lists gave that JSON-RPC lacks is caught where the unit updates it (apply/thread.py
`_whole_props`), not otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from iotplan.clients.endpoint import Endpoints
from iotplan.plan.model import Action, Change, Kind, Plan
from iotplan.plan.props import shown_quoted, shown_serial, shown_text
from iotplan.wording import live_quoted

UNPROVEN = "unproven"  # no date read by both APIs, of the node or a witness, and endpoints not paired


def plan_endpoints(plan: Plan) -> Endpoints:
    """The endpoints the plan was made against, as it records them."""
    return Endpoints.of(plan.target_identity or plan.target, plan.target_rpc_endpoint)


@dataclass(frozen=True)
class NodeSeen:
    """A THREAD node as the plan's REST read saw it."""

    node_id: str
    exists: bool
    name: str | None  # as plans read it (a URL's password masked); None: not known, or read without one
    created: str | None = None  # its CREATION_DATE; None: not read
    listed: bool = False  # the plan's REST read listed it, with or without a CREATION_DATE


def node_seen(changes: list[Change]) -> NodeSeen:
    """What the REST read saw of the node these changes are under. A node a fence left out of the
    plan is not created by it, so the devices written under it need it there; its NAME is unknown."""
    node = next((change for change in changes if change.kind is Kind.NODE), None)
    if node is None:
        return NodeSeen(_node_id(changes), exists=True, name=None)
    if node.action is Action.CREATE:
        return NodeSeen(_node_id(changes), exists=False, name=None)
    name = (node.before or {}).get("name")
    return NodeSeen(_node_id(changes), True, name if isinstance(name, str) else None, node.live_created, True)


def witnesses(plan: Plan) -> dict[str, NodeSeen]:
    """By project, a THREAD node the plan's REST read gave a CREATION_DATE, declared or not: what
    JSON-RPC is asked for too where a unit's own node has none to compare."""
    found: dict[str, NodeSeen] = {}
    for project_id, node_id, created in plan.thread_witnesses:
        found.setdefault(project_id, NodeSeen(node_id, True, None, created))
    return found


def _node_id(changes: list[Change]) -> str:
    """`/fn/{serial}/node`: every id of a THREAD connection's entities starts with its node's."""
    entity_id = next(str(change.live_id) for change in changes if change.live_id)
    return "/".join(entity_id.split("/")[:4])


def nodes_to_read(seen: NodeSeen, witness: NodeSeen | None) -> list[str]:
    """The ids `getNodes` is asked for: the unit's node, and the witness where the node has no date."""
    if seen.created or witness is None or witness.node_id == seen.node_id:
        return [seen.node_id]
    return [seen.node_id, witness.node_id]


def disagreement(
    seen: NodeSeen, answered: list[dict[str, Any]], endpoints: Endpoints, witness: NodeSeen | None = None
) -> str:
    """Why the nodes JSON-RPC answered (`getNodes` of `nodes_to_read`) do not show the platform the
    REST read saw; '' when they do."""
    twice = _answered_twice(answered, nodes_to_read(seen, witness))
    if twice:
        return (
            f"JSON-RPC getNodes answered {twice} twice: which of the two is the node the plan read, iotplan "
            "cannot be sure, so nothing of it was written"
        )
    by_id = {entity.get("id"): entity for entity in answered}
    differs = _difference(seen, by_id.get(seen.node_id))
    if not differs and not _date_compared(seen, by_id.get(seen.node_id)):
        differs = _unproven(seen, witness, by_id, endpoints)
    if not differs:
        return ""
    if differs is UNPROVEN and seen.listed:
        return _listed_without_date(seen, endpoints)
    if differs is UNPROVEN:
        return (
            f"nothing shows that REST at {endpoints.rest} and JSON-RPC at {endpoints.rpc} are one platform: "
            f"the plan read no CREATION_DATE of {seen.node_id} (it creates it, or does not cover it) nor of "
            "another THREAD node of its project that JSON-RPC answers with one, and that JSON-RPC endpoint "
            "is not the one iotplan derives from the REST endpoint. Nothing of it was written; check "
            "--rpc-endpoint / IOTPLAN_RPC_ENDPOINT (unset, it is derived from --endpoint)"
        )
    said = (
        f"the plan's read of REST at {endpoints.rest} and JSON-RPC at {endpoints.rpc} now disagree on "
        f"{seen.node_id} ({differs})"
    )
    shown = _one_platform_shown(seen, witness, by_id, endpoints)
    if shown:
        return (
            f"{said}; {shown}, so they are one platform: another writer changed it since the plan read it: "
            "plan again. Nothing of it was written"
        )
    return (
        f"{said}: another writer changed it since the plan read it (plan again), or they are two platforms "
        "(check --rpc-endpoint / IOTPLAN_RPC_ENDPOINT). Nothing of it was written"
    )


def _one_platform_shown(
    seen: NodeSeen, witness: NodeSeen | None, by_id: Mapping[Any, Any], endpoints: Endpoints
) -> str:
    """What shows the endpoints one platform despite the difference, '' where nothing does: then the
    plan's read (made earlier) and JSON-RPC's (made now) differ by a change in between, and only that
    is blamed. Read before its first write a unit's node is often changed by another apply racing it."""
    if _dated_alike(seen, by_id.get(seen.node_id)):
        return f"both give it the CREATION_DATE {shown_quoted(seen.created)}"
    asked_witness = not seen.created and witness is not None and witness.node_id != seen.node_id
    if asked_witness and witness is not None and _dated_alike(witness, by_id.get(witness.node_id)):
        return f"both give {witness.node_id} of its project the CREATION_DATE {shown_quoted(witness.created)}"
    if endpoints.paired:
        return (
            f"JSON-RPC at {endpoints.rpc} is paired with REST by construction (in-process, or the one "
            "iotplan derives from the REST endpoint)"
        )
    return ""


def _answered_twice(answered: list[dict[str, Any]], asked: list[str]) -> str:
    """A node asked for that the answer holds more than once (the last copy would otherwise stand)."""
    ids = [entity.get("id") for entity in answered]
    return next((node_id for node_id in asked if ids.count(node_id) > 1), "")


def _listed_without_date(seen: NodeSeen, endpoints: Endpoints) -> str:
    """The refusal where REST listed the node without the date that tells one platform's from another's:
    the endpoints may well be right, so they are not what the message blames."""
    return (
        f"nothing shows that REST at {endpoints.rest} and JSON-RPC at {endpoints.rpc} are one platform: "
        f"REST listed {seen.node_id} without a CREATION_DATE (the reference shows it only in JSON-RPC "
        "answers, A19), and no other THREAD node of its project with one, so the node JSON-RPC answers "
        "cannot be told from another platform's. Nothing of it was written; only a JSON-RPC iotplan derives "
        "from the REST endpoint (--rpc-endpoint and IOTPLAN_RPC_ENDPOINT unset) is written to without one"
    )


def _difference(seen: NodeSeen, node: Mapping[str, Any] | None) -> str:
    if node is None:
        return "the plan read (REST) listed it, JSON-RPC does not find it now" if seen.exists else ""
    if not seen.exists:
        return "JSON-RPC finds it now, the plan read (REST) did not list it"
    props = _props(node)
    name = props.get("NAME")
    # A NAME JSON-RPC leaves out (erased by another tool's replacing update, A14) is no other node's:
    # an update that must resend it is refused where it is read (apply/thread.py `_whole_props`).
    # The plan holds the NAME as plans read it, a URL's password masked (plan/props.py `_reader`),
    # in memory and saved alike (a saved one read back as `ShownMasked`/`ShownHidden`): JSON-RPC's is
    # masked the same way, or a password in it would differ for ever. A change under the mask is not
    # seen here: a saved plan's fingerprint refuses it (apply/stale.py); a fresh plan's rename writes
    # the manifest's NAME over it, as it would one made just after this read.
    if None not in (seen.name, name) and seen.name != shown_text(name):
        return (
            f"the plan read (REST) its NAME {_name_quoted(seen.name)}, "
            f"JSON-RPC answers now {_name_quoted(name)}"
        )
    return _date_difference(seen, node)


def _name_quoted(name: Any) -> str:
    """A NAME either API read, as refIds are quoted (`shown_serial`): anyone's text, and a URL's
    password or a token in it would go to the apply report a CI keeps."""
    return live_quoted(shown_serial(name) if isinstance(name, str) else name)


def _date_difference(seen: NodeSeen, node: Mapping[str, Any]) -> str:
    created = _props(node).get("CREATION_DATE")
    if not _date_compared(seen, node) or _same_instant(seen.created, created):
        return ""
    return (
        f"the plan read (REST) its CREATION_DATE {shown_quoted(seen.created)}, "
        f"JSON-RPC answers now {shown_quoted(created)}"
    )


def _date_compared(seen: NodeSeen, node: Mapping[str, Any] | None) -> bool:
    """Whether both APIs gave the node a CREATION_DATE, which tells one platform's node from another's."""
    return node is not None and seen.created is not None and _props(node).get("CREATION_DATE") is not None


def _dated_alike(seen: NodeSeen, node: Mapping[str, Any] | None) -> bool:
    """Whether both APIs gave the node a CREATION_DATE, and the same instant: one platform's node."""
    return node is not None and _date_compared(seen, node) and not _date_difference(seen, node)


def _unproven(
    seen: NodeSeen, witness: NodeSeen | None, by_id: Mapping[Any, Any], endpoints: Endpoints
) -> str:
    """Why the witness does not show one platform where the node's own date could not: it differs,
    JSON-RPC lacks it, or nothing was compared (UNPROVEN); '' when it agrees or the endpoints are
    paired."""
    if witness is not None and witness.node_id != seen.node_id:
        node = by_id.get(witness.node_id)
        if node is None:
            return (
                f"the plan read (REST) listed {witness.node_id} of the same project, "
                "JSON-RPC does not find it now"
            )
        if _date_compared(witness, node):
            differs = _date_difference(witness, node)
            return f"{witness.node_id} of the same project: {differs}" if differs else ""
    return "" if endpoints.paired else UNPROVEN


def _props(node: Mapping[str, Any]) -> Mapping[str, Any]:
    props = node.get("props")
    return props if isinstance(props, dict) else {}


def _same_instant(read: Any, answered: Any) -> bool:
    """One moment, however each API writes it; texts that are no dates must be equal."""
    try:
        return bool(datetime.fromisoformat(read) == datetime.fromisoformat(answered))
    except (TypeError, ValueError):
        return bool(read == answered)
