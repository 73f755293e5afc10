"""THREAD gateway changes built by hand, as plan/edge.py makes them, for select, apply and drift tests."""

from __future__ import annotations

from typing import Any

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind

PROJECT = "7b2c4f1e-0000-4000-8000-000000000001"
CAUSES = {Action.UPDATE: Cause.DIFFERS, Action.NOOP: Cause.IN_SYNC}


def setting_change(
    node: str, setting: str, before: Any, after: Any, action: Action = Action.UPDATE, **details: Any
) -> Change:
    """One gateway setting, `{node}/edge/{setting}`: an update unless told otherwise."""
    fields = (FieldChange(setting, before, after),) if action is Action.UPDATE else ()
    return Change(
        address=Address.of(node, "edge", setting),
        kind=Kind.EDGE,
        action=action,
        cause=details.pop("cause", CAUSES.get(action, Cause.DIFFERS)),
        project_id=PROJECT,
        connection=node,
        reason=details.pop("reason", "differs from the manifest" if action is Action.UPDATE else "in sync"),
        live_id=f"/fn/{node}",
        before={"value": before},
        after={"value": after},
        fields=fields,
        **details,
    )


def gateway_change(node: str, action: Action, cause: Cause, reason: str) -> Change:
    """A whole gateway not read: pending (asleep, unreachable) or refused (another serial)."""
    return Change(
        address=Address.of(node, "edge"),
        kind=Kind.EDGE,
        action=action,
        cause=cause,
        project_id=PROJECT,
        connection=node,
        reason=reason,
        live_id=f"/fn/{node}",
    )


def logger_change(key: str, action: Action, cause: Cause, reason: str, **details: Any) -> Change:
    """A logger of connection t1, `t1/{key}`: a device a port setting's cut-off note can name."""
    return Change(
        address=Address.of("t1", key),
        kind=Kind.DEVICE,
        action=action,
        project_id=PROJECT,
        connection="t1",
        reason=reason,
        cause=cause,
        **details,
    )
