"""On-device mode: the one THREAD this runs on picks its own node from the manifest, and plans
only that node's `edge:` settings. Pure: the serial and the gateway's state are read elsewhere.

The manifest stays the one every gateway pulls: each THREAD finds itself by the serial its local
API reports (`/fn/{serial}/node`), so the same file can drive a whole fleet from git.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from iotplan.errors import IotplanError, PlanError
from iotplan.live import GatewayStatus, LiveGateway
from iotplan.plan.desired import DesiredEntity, DesiredState
from iotplan.plan.edge import EdgeContext, desired_edge_settings, edge_changes
from iotplan.plan.model import Plan, PlanOptions
from iotplan.plan.select import select_changes
from iotplan.secrets import masked_in_place, template_flags

TARGET_PREFIX = "thread:"  # a plan made on a THREAD is applied on that THREAD only


def node_id_of(serial: str) -> str:
    return f"/fn/{serial}/node"


def own_node(desired: DesiredState, serial: str) -> DesiredEntity:
    """The node whose pinned id names this THREAD's serial (in any case); an error naming the
    serial when the manifest has none, so a gateway never applies another one's settings."""
    found = _nodes_pinned_to(desired, serial)
    if not found:
        raise IotplanError(
            f"this THREAD reports serial {serial}, and {_named(desired)} declares no node "
            f"{node_id_of(serial)}: nothing was read or written (add a `kind: thread` node with "
            f"`id: {node_id_of(serial)}` and its `edge:` settings)"
        )
    if len(found) > 1:  # a manifest declares a pinned id once; two nodes would fight over one box
        listed = ", ".join(str(node.address) for node in found)
        raise IotplanError(f"{_named(desired)} declares {node_id_of(serial)} twice ({listed})")
    return found[0]


def _named(desired: DesiredState) -> str:
    """The manifest as messages name it: masked (a URL's credential in its folders' names)."""
    return masked_in_place(desired.source.path)


def _nodes_pinned_to(desired: DesiredState, serial: str) -> list[DesiredEntity]:
    """The nodes whose pinned id names the THREAD of `serial`, in any case."""
    wanted = node_id_of(serial).upper()
    return [node for node in desired.nodes if (node.pinned_id or "").upper() == wanted]


def still_the_thread(desired: DesiredState, serial: str, applied_to: str) -> None:
    """The verifying plan of an apply is of the THREAD the apply wrote to (`applied_to`): another
    box now at the gateway URL, even one the manifest declares, is told as such, never planned as
    what this run left."""
    if serial.upper() == applied_to.upper():
        return
    nodes = _nodes_pinned_to(desired, serial)
    which = f"node {nodes[0].address} of" if nodes else "no node of"
    raise IotplanError(
        f"this THREAD now reports serial {serial}, not {applied_to}, which this apply was for: it is "
        f"{which} {_named(desired)}, and any write of this run sent after it took the gateway URL "
        "went to it; it was not planned as this run's THREAD"
    )


def target_identity(serial: str) -> str:
    return TARGET_PREFIX + serial.upper()


def made_on_device(plan: Plan) -> bool:
    return plan.target_identity.startswith(TARGET_PREFIX)


def plan_again_command(plan: Plan, device_flags: Sequence[str] = ()) -> str:
    """The command that plans again what `plan` planned, from live state: a THREAD's own plan for
    one made on a THREAD, with the manifest, the template files and the --var values it was rendered
    with. `device_flags` are --on-device's options as given (`OnDevice.flags()`, as a saved plan's
    apply repeats them), so the plan reads the same THREAD: its --gateway-url above all."""
    return thread_plan_command(plan, device_flags) if made_on_device(plan) else "iotplan plan"


def thread_plan_command(plan: Plan, device_flags: Sequence[str] = ()) -> str:
    """This THREAD's own plan of what `plan` was made from, wherever it was made (a platform's plan
    applied on a THREAD is refused naming it): `plan` takes the manifest, so it is named."""
    source = plan.manifest
    words = ["iotplan", "plan", masked_in_place(source.path)]  # shown: the plan keeps them whole
    words += template_flags(source.vars_file, source.sites_file, source.variables)
    return shlex.join([*words, *(device_flags or ["--on-device"])])


def on_device_plan(
    desired: DesiredState,
    node: DesiredEntity,
    live: LiveGateway,
    options: PlanOptions,
    *,
    target: str,
) -> Plan:
    """The changes that make this THREAD's settings match its node's `edge:`; nothing else."""
    if live.status is not GatewayStatus.OK:
        raise IotplanError(f"this THREAD cannot be read ({live.status}): {live.message}")
    changes, problems = (
        edge_changes(_context(node, options), desired_edge_settings(node.edge), live)
        if node.edge is not None
        else ([], [])
    )
    if problems:
        raise PlanError("no safe plan exists:\n" + "\n".join(f"  {p}" for p in problems))
    return Plan(
        target=target,
        stack=desired.stack,
        manifest=desired.source,
        changes=tuple(select_changes(changes, options.targets, options.excludes)),
        options=options,
        target_identity=target_identity(live.serial or ""),
    )


def _context(node: DesiredEntity, options: PlanOptions) -> EdgeContext:
    return EdgeContext(node.address, node.project_id, node.pinned_id or "", options.force_write_only)
