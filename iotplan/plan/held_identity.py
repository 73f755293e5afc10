"""What says which box a THREAD logger or sensor JSON-RPC holds at the id iotplan gives it (drift's
lookup of one the REST lists do not show yet, commands/drift.py `_held_by_json_rpc`), beyond its type,
fields and an edited serial (plan/thread.py `held_unlike`): the parent JSON-RPC answers it under (a
logger's NODE_ID, a sensor's `device`), which its id names, and a SERIAL_NO, which the platform gives
each when made. Held under another parent, it is not the entity the manifest declares there; held
without a serial, the platform does not record which box it is: neither is "as declared" (PENDING).

A logger's serial follows the listed rule (plan/thread_identity.py `logger_identity_lost`): the
reference's createDevice answer shows none, so one without is drift only where another declared
logger holds one; else not checked. A parent the answer does not carry is no evidence of another."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from iotplan.plan.model import Change, Kind
from iotplan.plan.thread_identity import blank
from iotplan.wording import printable


@dataclass(frozen=True)
class HeldIdentity:
    """Notes on what JSON-RPC answers: `elsewhere` and `serial` make it drift (MODIFIED), `unchecked`
    (a logger's serial, nothing showing loggers get one) makes it NOT_CHECKED."""

    elsewhere: str | None = None
    serial: str | None = None
    unchecked: str | None = None


def held_identity(change: Change, entity: Mapping[str, Any], loggers: Iterable[Change]) -> HeldIdentity:
    """`loggers`: the plan's changes of the declared THREADs' loggers, each with its SERIAL_NO as read."""
    elsewhere = _elsewhere(change, entity)
    if not blank(_props(entity).get("SERIAL_NO")):
        return HeldIdentity(elsewhere)
    if change.kind is Kind.SENSOR or _another_holds_one(change, loggers):
        return HeldIdentity(elsewhere, _NO_SERIAL[change.kind])
    return HeldIdentity(elsewhere, unchecked=_LOGGER_UNCHECKED)


_NO_SERIAL = {
    Kind.SENSOR: "it holds no SERIAL_NO (a sensor is made carrying its logger's), so the platform does "
    "not record which logger's it is",
    Kind.DEVICE: "it holds no SERIAL_NO while another declared logger holds one, so the platform does "
    "not record which logger it is",
}
_LOGGER_UNCHECKED = (
    "it holds no SERIAL_NO, and no other declared logger holds one to show that this platform gives "
    "loggers one (the reference's createDevice answer shows none), so its serial is not checked"
)


def _elsewhere(change: Change, entity: Mapping[str, Any]) -> str | None:
    """Its id names its parent (`{node}/{type}/{serial}/device`, `{device}/{name}/sensor`)."""
    named = str(change.live_id).rsplit("/", 3 if change.kind is Kind.DEVICE else 2)[0]
    held = _props(entity).get("NODE_ID") if change.kind is Kind.DEVICE else entity.get("device")
    if not isinstance(held, str) or held == named:
        return None
    parent = "gateway" if change.kind is Kind.DEVICE else "logger"
    return (
        f"it hangs under {printable(held)}, not {printable(named)} (the {parent} its id names): "
        f"another {change.kind} than the one the manifest declares there"
    )


def _another_holds_one(change: Change, loggers: Iterable[Change]) -> bool:
    return any(
        each.on_thread and each.live_id and each.live_id != change.live_id and not blank(each.live_ref_id)
        for each in loggers
    )


def _props(entity: Mapping[str, Any]) -> Mapping[str, Any]:
    props = entity.get("props")
    return props if isinstance(props, Mapping) else {}
