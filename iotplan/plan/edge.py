"""THREAD gateway settings: desired × what the gateway reported → one Change per setting.

Addresses read `thread-north/edge/port1.baud_rate`, so one changed baud rate is one change
and, on apply, one property written.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from iotplan.clients.values import integral_number
from iotplan.live import GatewayStatus, LiveGateway
from iotplan.live.gateways import PORT_PROPS
from iotplan.manifest.edge import ABSENT_ALLOWED, APP_VERSION, Edge, Port
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind, Plan, format_known
from iotplan.wording import OBSERVATIONS_PATTERN, observations

DEFAULT_BATTERY_SAVER = {"low": 10, "high": 100}  # what `value: true` alone means (edge REST API)
PORT_FIELDS = ("mode", "power", "connected", "comm_type", "delimiters", "usb_host", "usb_port")
UNVERIFIABLE = ("mode",)  # the gateway has no endpoint to read these back
CANNOT_REPORT = "the gateway cannot report it"
# Power is read from the port's measured voltage (live/gateways.py). 12 or 15 V measured proves the
# port powered; 0 V does not prove it off: some THREADs read 0 V on a powered port with nothing
# drawing on it (the `voltage-reads-zero` variant, docs/api-assumptions.md).
OFF_UNCONFIRMED = (
    "the port measures 0 V, which some THREADs also read on a powered port with nothing drawing on it"
)
CUTS_OFF = ("cloud_connection", "interface_priority")
LINK_SETTINGS = ("comm_type", "mode", "usb_host", "usb_port")  # a port's link to the logger on it
WRITTEN_UNVERIFIED = "written by --force-write-only in this run; iotplan cannot verify it"
# A no-op that is not agreement: the plan's `=` line, drift and the apply report say it is left
# unwritten, and how to write it, so "Verified" is not read as "the ports are set".
NOT_WRITTEN = "unverifiable ({why}), so not written: --force-write-only writes {value}"


def desired_edge_settings(edge: Edge) -> dict[str, Any]:
    """Flat settings the manifest declares; None means "make sure it is absent"."""
    settings: dict[str, Any] = {}
    for number, port in edge.ports().items():
        settings.update({f"port{number}.{name}": value for name, value in _port_settings(port).items()})
    if edge.battery_saver is not None:
        settings["battery_saver"] = _battery_saver(
            edge.battery_saver.enabled, edge.battery_saver.low, edge.battery_saver.high
        )
    for name in ("cloud_connection", "interface_priority", "app_version"):
        if getattr(edge, name) is not None:
            settings[name] = getattr(edge, name)
    return settings


def _port_settings(port: Port) -> dict[str, Any]:
    declared = {
        name: getattr(port, name)
        for name in PORT_FIELDS
        if name in port.model_fields_set and (getattr(port, name) is not None or name in ABSENT_ALLOWED)
    }
    return {**declared, **port.serial_settings()}


def _battery_saver(enabled: bool, low: int | None, high: int | None) -> dict[str, Any]:
    if not enabled:
        return {"enabled": False}
    if low is None or high is None:
        return {"enabled": True, **DEFAULT_BATTERY_SAVER}
    return {"enabled": True, "low": low, "high": high}


def cuts_off(change: Change) -> bool:
    """Settings that can leave the gateway unreachable: applied after the others (before only an
    application update, which may restart the API that answers them: the reference does not say), and
    only when asked."""
    return _cuts_off(change.address.name, setting_value(change))


def _cuts_off(setting: str, value: Any) -> bool:
    if setting == "cloud_connection":
        return value is False
    return setting in CUTS_OFF


@dataclass(frozen=True)
class EdgeContext:
    node: Address  # the thread node's
    project_id: str
    node_id: str
    force_write_only: bool = False


def edge_changes(
    context: EdgeContext, desired: dict[str, Any], live: LiveGateway
) -> tuple[list[Change], list[str]]:
    """The changes for one gateway, and the problems that make a plan impossible."""
    if live.status is not GatewayStatus.OK:
        return [_gateway_change(context, live)], []
    problems = list(_problems(context, desired, live))
    changes = [_setting_change(context, name, value, live) for name, value in desired.items()]
    return changes, problems


GATEWAY_CAUSES = {
    GatewayStatus.ASLEEP: Cause.GATEWAY_ASLEEP,
    GatewayStatus.UNREACHABLE: Cause.GATEWAY_UNREACHABLE,
    # No cause of its own (a plan's causes are its format's): it waits as an unreachable one does,
    # and its reason says it is rate limited.
    GatewayStatus.RATE_LIMITED: Cause.GATEWAY_UNREACHABLE,
    GatewayStatus.MISMATCH: Cause.GATEWAY_MISMATCH,
    GatewayStatus.UNREADABLE: Cause.GATEWAY_UNREADABLE,
}


def _gateway_change(context: EdgeContext, live: LiveGateway) -> Change:
    action = Action.REFUSED if live.status is GatewayStatus.MISMATCH else Action.PENDING
    return Change(
        address=context.node.child("edge"),
        kind=Kind.EDGE,
        action=action,
        cause=GATEWAY_CAUSES[live.status],
        project_id=context.project_id,
        connection=context.node,
        reason=f"{live.status}: {live.message}",
        live_id=context.node_id,
        counted=False,  # the gateway's settings hold no observations
    )


def _problems(context: EdgeContext, desired: dict[str, Any], live: LiveGateway) -> Iterator[str]:
    ports = sorted({int(name[4]) for name in desired if name.startswith("port")})
    for number in ports:
        if number not in live.ports:
            have = ", ".join(map(str, sorted(live.ports))) or "none"
            yield f"{context.node}/edge/port{number}: this THREAD has no port {number} (its ports: {have})"
    if "battery_saver" in desired and "battery_saver" not in live.settings:
        yield f"{context.node}/edge/battery_saver: this THREAD has no battery saver (X3 models only)"


def _setting_change(context: EdgeContext, name: str, wanted: Any, live: LiveGateway) -> Change:
    current = live.settings.get(name)
    base: dict[str, Any] = {
        "address": context.node.child("edge").child(name),
        "kind": Kind.EDGE,
        "project_id": context.project_id,
        "connection": context.node,
        "live_id": context.node_id,
        "before": {"value": current},
        "after": {"value": wanted},
        "counted": False,  # a setting holds no observations
    }
    why = _unverifiable(name, wanted, current)
    if why is not None:
        return _unverifiable_change(context, base, name, wanted, why)
    if _in_sync(name, wanted, current):
        return Change(**base, action=Action.NOOP, cause=Cause.IN_SYNC, reason="in sync")
    return Change(
        **base,
        action=Action.UPDATE,
        cause=Cause.DIFFERS,
        cuts_off=_cuts_off(name, wanted),
        fields=(FieldChange(name, current, wanted),),
        reason=_update_reason(name, current, wanted),
    )


def _update_reason(name: str, current: Any, wanted: Any) -> str:
    if _is_downgrade(name, current, wanted):
        return f"downgrade: {_downgrade_said(current, wanted)}"
    return "differs from the manifest"


def _downgrade_said(current: Any, wanted: Any) -> str:
    return f"the gateway reports app version {current}, newer than the manifest's {wanted}"


def downgrades(change: Change) -> bool:
    """An update that sends the gateway back to an older application than it reports: written only
    when asked (--allow-downgrade), or a timer pinning a version would undo each update the vendor
    makes. Read from the change's field, which a saved plan holds too."""
    return bool(change.fields) and change.kind is _EDGE and change.action is _UPDATE and _downgrading(change)


def _downgrading(change: Change) -> bool:
    return any(_is_downgrade(field.path, field.before, field.after) for field in change.fields)


def downgrade_said(change: Change) -> str:
    """`the gateway reports app version 7.17.0, newer than the manifest's 7.16.0`, of a change that
    `downgrades`."""
    [field] = [field for field in change.fields if field.path == "app_version"]
    return _downgrade_said(field.before, field.after)


# Read once: an enum's member is found through a descriptor, and the guards ask `downgrades` of each
# of a fleet's changes.
_EDGE, _UPDATE = Kind.EDGE, Action.UPDATE


def _is_downgrade(name: str, current: Any, wanted: Any) -> bool:
    """Whether the update sends the gateway back to an older application: its reported version's
    numbers past the manifest's, a part one does not hold counting as 0 (`7.18` is 7.18.0, as
    `POST /update?version=7.18` installs it; a hotfix `7.17.0.1` is past `7.17.0`). Only where that
    is sure: a version reported with a suffix (`7.18.0-rc1`, `7.18.0+build`) at the manifest's
    numbers is not said older or newer."""
    if name != "app_version" or not isinstance(current, str) or not APP_VERSION.fullmatch(str(wanted)):
        return False
    reported = _RELEASE.match(current)
    if reported is None:
        return False
    reported_numbers, wanted_numbers = _aligned(reported.group("release"), wanted)
    return reported_numbers > wanted_numbers


# The dotted numbers a reported version opens with (clients/edge.py VERSION_FORM), ended by no digit
# right after it: `v7.18.0`, `7.18`, `8`, `7.18.0-rc1`, `7.17.0.1`.
_RELEASE = re.compile(r"v?(?P<release>[0-9]+(?:\.[0-9]+)*)(?![0-9])")


def _aligned(reported: str, wanted: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The numbers of both versions, as many of each, the parts one leaves out as 0 and never fewer
    than three: `7.18` against `7.17.0` is (7, 18, 0); `7.17.0.1` against it (7, 17, 0, 1) and
    (7, 17, 0, 0), so a hotfix's fourth part makes it newer and `7.17.0.0` is `7.17.0`."""
    reported_numbers, wanted_numbers = _numbers(reported), _numbers(wanted)
    parts = max(3, len(reported_numbers), len(wanted_numbers))
    return _padded(reported_numbers, parts), _padded(wanted_numbers, parts)


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(number) for number in version.split("."))


def _padded(numbers: tuple[int, ...], parts: int) -> tuple[int, ...]:
    return numbers + (0,) * (parts - len(numbers))


def _in_sync(name: str, wanted: Any, current: Any) -> bool:
    """Whether the gateway reports the setting as declared. A version is compared as a version, by
    its numbers as `_is_downgrade` reads them: one reported `v7.18.0`, `7.18` or `7.18.0.0` (which the
    client reads as versions: clients/edge.py VERSION_FORM) is the `7.18.0` a manifest writes, and so
    is a manifest's `07.18.0`, never an update, which may restart the gateway's application. One
    reported with more than its numbers (`7.18.0-rc1`) is not the release."""
    if name == "app_version" and isinstance(current, str) and isinstance(wanted, str):
        reported = _RELEASE.fullmatch(current)
        if reported is None:
            return False
        reported_numbers, wanted_numbers = _aligned(reported.group("release"), wanted)
        return reported_numbers == wanted_numbers
    return bool(current == wanted)


def _unverifiable(name: str, wanted: Any, current: Any) -> str | None:
    """Why what the gateway reports cannot tell whether the setting is `wanted`, when it cannot."""
    setting = name.split(".")[-1]
    if setting in UNVERIFIABLE:
        return CANNOT_REPORT
    if setting == "power" and wanted == current == "off":  # never "in sync" on a 0 V reading alone
        return OFF_UNCONFIRMED
    return None


def _unverifiable_change(
    context: EdgeContext, base: dict[str, Any], name: str, wanted: Any, why: str
) -> Change:
    """Never in sync and never a change: written only under --force-write-only, and then every run."""
    if context.force_write_only:
        return Change(
            **base,
            action=Action.UPDATE,
            cause=Cause.FORCED_WRITE,
            fields=(FieldChange(name, None, wanted),),
            reason=f"unverifiable ({why}); --force-write-only",
        )
    reason = NOT_WRITTEN.format(why=why, value=json.dumps(wanted))
    return Change(**base, action=Action.NOOP, cause=Cause.UNVERIFIABLE, reason=reason)


def logger_ports_powered(edge: Edge, ports: Iterable[Any]) -> set[str]:
    """The power settings of `ports` (those the node's loggers are declared on) that its `edge:`
    leaves undeclared, read besides those it declares: for `noting_unpowered_port`, never compared."""
    declared = desired_edge_settings(edge)
    return {f"port{port}.power" for port in ports if isinstance(port, int)} - declared.keys()


def noting_unpowered_port(change: Change, declared: Edge | None, gateway: LiveGateway | None) -> Change:
    """A logger the manifest puts on a port its node's `edge:` declares off or disconnected
    (`DECLARED_OFF_NOTE`), or whose power it leaves undeclared and which measures 0 V
    (`UNPOWERED_NOTE`), noted on its line on every plan, not only the one that puts it there: once
    moved, it is in sync on the platform and would read "No changes" while no reading comes. An
    in-sync one is shown, not checked (drift NOT_CHECKED). No refusal: 0 V never proves a port off
    (`OFF_UNCONFIRMED`), and a port may be turned off on purpose, its logger at rest."""
    port = _port_held(change)
    if declared is None or port is None:
        return change
    note = _declared_off(declared, port, change) or _measured_off(declared, gateway, port, change)
    if note is None:
        return change
    if change.action is Action.NOOP and change.cause is Cause.IN_SYNC:
        return dataclasses.replace(change, cause=Cause.UNVERIFIABLE, reason=note, on_dead_port=True)
    return dataclasses.replace(change, reason=f"{change.reason}; {note}")


def _declared_off(declared: Edge, port: int, logger: Change) -> str | None:
    settings = desired_edge_settings(declared)
    for setting, off, said in _OFF_SETTINGS:
        if settings.get(f"port{port}.{setting}", _UNDECLARED) == off:
            return DECLARED_OFF_NOTE.format(port=port, setting=setting, value=said, logger=logger.address)
    return None


_OFF_SETTINGS = (("power", "off", "off"), ("connected", False, "false"))  # a logger's port declared dead
_UNDECLARED = object()


def _measured_off(declared: Edge, gateway: LiveGateway | None, port: int, logger: Change) -> str | None:
    setting = f"port{port}.power"
    if (
        gateway is None
        or gateway.status is not GatewayStatus.OK
        or setting in desired_edge_settings(declared)
    ):
        return None
    if gateway.settings.get(setting) != "off":
        return None
    return UNPOWERED_NOTE.format(port=port, logger=_holding(logger))


def _port_held(change: Change) -> int | None:
    """The port a declared THREAD logger is on, or is put on (created there, or moved to it)."""
    port = (change.after or {}).get("port")
    held = change.action in (Action.CREATE, Action.UPDATE, Action.NOOP)
    if change.kind is not Kind.DEVICE or not change.on_thread or not held or not isinstance(port, int):
        return None
    return port


DECLARED_OFF_NOTE = (
    "port {port} is declared `{setting}: {value}`: {logger} gets no readings there; turn the port on "
    "under the node's `edge: port{port}:`, or give the logger the port it is plugged into"
)
UNPOWERED_NOTE = (
    "port {port} measures 0 V (off, or its voltage unread): {logger} gets no readings there unless the "
    "port is powered; declare `power` under the node's `edge: port{port}:`"
)


def dead_port_read_back(change: Change) -> Change:
    """`change`, read from a saved plan, its `on_dead_port` as `noting_unpowered_port` set it: a saved
    plan keeps only its note (the JSON's cause is `unverifiable`, the flag not written), so this,
    where a plan is read, is the one place the note's text tells it; every view asks the flag."""
    if change.cause is not Cause.UNVERIFIABLE or change.kind is not Kind.DEVICE:
        return change
    if _DEAD_PORT.match(change.reason) is None:
        return change
    return dataclasses.replace(change, on_dead_port=True)


# The opening both notes share with their port, as `DECLARED_OFF_NOTE` and `UNPOWERED_NOTE` word it.
_DEAD_PORT = re.compile(
    r"port \d+ (?:is declared `(?:power: off|connected: false)`"
    r"|measures 0 V \(off, or its voltage unread\)): "
)


def without_unpowered_note(change: Change, shown: str) -> str:
    """`shown`, a logger's line as shown, without the note `noting_unpowered_port` puts on it naming the
    line's own logger and port, whatever count of the logger's it says: whether the box powers the
    port, and what the logger holds, are the platform's doing, which may change between a plan and its
    apply (apply/edited.py `_reason_reviewed`). Any other word of it stays, to be weighed as the file's."""
    port = _port_held(change)
    if port is None:
        return shown
    said = UNPOWERED_NOTE.format(port=port, logger=f"{change.address}{_HELD}")
    note = re.escape(f"; {said}").replace(re.escape(_HELD), _HOLDS.pattern, 1)
    return re.sub(note, "", shown, count=1)


def with_loggers_cut_off(
    changes: list[Change], loggers_by_port: Mapping[int, Sequence[Change]]
) -> list[Change]:
    """A port setting that cuts off the loggers on the port (`_cuts_off_loggers`), noted on its line
    with each and what it holds: an ordinary change, as the gateway stays reachable, but their readings
    stop. `loggers_by_port`: the node's loggers, declared or kept (plan/thread.py `loggers_by_port`)."""
    return [_noting_loggers_cut_off(change, loggers_by_port, {}) for change in changes]


def noting_loggers_cut_off_anew(
    change: Change, loggers_by_port: Mapping[int, Sequence[Change]], doubts: Mapping[Address, str]
) -> Change:
    """`change`, its cut-off note (`with_loggers_cut_off`) naming the loggers `loggers_by_port` has on
    its port instead of those the whole plan puts there: a selection that leaves a logger's move out
    leaves it where the platform records it, or where its cable may be already (plan/select.py). A
    logger `doubts` holds may be on the port or not: its own note says it may be cut off, and why
    (plan/thread.py `move_doubt`). The same loggers, none in doubt, keep the line as it is."""
    addresses = tuple(logger.address for logger in _on_port_cut_off(change, loggers_by_port, doubts))
    if addresses == change.loggers_cut_off and not any(address in doubts for address in addresses):
        return change
    reason = change.reason
    for note in cut_off_notes(change):
        reason = reason.replace(f"; {note}", "", 1)
    return _noting_loggers_cut_off(
        dataclasses.replace(change, reason=reason, loggers_cut_off=(), loggers_in_doubt=()),
        loggers_by_port,
        doubts,
    )


def _noting_loggers_cut_off(
    change: Change, loggers_by_port: Mapping[int, Sequence[Change]], doubts: Mapping[Address, str]
) -> Change:
    loggers = _on_port_cut_off(change, loggers_by_port, doubts)
    if not loggers:
        return change
    port, _ = split_setting(change.address.name)
    notes = _notes_naming(port, [(_holding(logger), doubts.get(logger.address, "")) for logger in loggers])
    # In the notes' order: those it surely cuts off, then those in doubt.
    addresses = tuple(
        logger.address for logger in sorted(loggers, key=lambda logger: logger.address in doubts)
    )
    in_doubt = tuple((address, doubts[address]) for address in addresses if doubts.get(address))
    return dataclasses.replace(
        change,
        reason="; ".join([change.reason, *notes]),
        loggers_cut_off=addresses,
        loggers_in_doubt=in_doubt,
    )


def _on_port_cut_off(
    change: Change, loggers_by_port: Mapping[int, Sequence[Change]], doubts: Mapping[Address, str]
) -> list[Change]:
    """The loggers on the port whose readings `change` stops (`cut_off_port`), in a stable order:
    those staying on it. One the plan puts there is not reading there yet: the setting prepares the
    port for it (a replaced gateway's ports, off and RS-232), and cuts nothing of its off. One moved
    off the port is on another in `loggers_by_port`, which the setting no longer feeds."""
    port = cut_off_port(change)
    on_port = loggers_by_port.get(port, []) if port is not None else []
    return _in_stable_order([logger for logger in on_port if not _put_there(logger, port, doubts)])


def _put_there(logger: Change, port: int | None, doubts: Mapping[Address, str]) -> bool:
    """A logger the plan creates on `port`, or moves there from the port the platform records it on:
    what it holds, and its move, its own line tells. One whose move is left out may be on either port
    (`doubts`): its cable may be on this one already, reading. One the platform records on no port may
    be cabled there, reading: both are named still."""
    if logger.action is Action.CREATE:
        return True
    recorded = integral_number((logger.before or {}).get("port"))
    return logger.address not in doubts and recorded is not None and recorded != port


def _in_stable_order(loggers: Sequence[Change]) -> list[Change]:
    """The declared loggers in the manifest's order, then those kept (on the platform, not declared)
    by address: the platform lists these in no set order (the `unstable-list-order` variant), and a
    note in its order would change the plan's text and digest from one read to the next."""
    return sorted(loggers, key=lambda logger: (_kept(logger), str(logger.address) if _kept(logger) else ""))


def _kept(logger: Change) -> bool:
    return logger.cause is Cause.NOT_REMOVABLE


def _holding(logger: Change) -> str:
    return f"{logger.address} ({observations(logger.observations, logger.observations_unknown)})"


def _notes_naming(port: int | None, named: Sequence[tuple[str, str]]) -> list[str]:
    """The notes on a port setting's line naming the loggers it cuts off, each as shown (with what it
    holds) and with the doubt its own note says, "" where it surely cuts it off: one note for those,
    then one for each in doubt."""
    certain = [logger for logger, doubt in named if not doubt]
    notes = [_cut_off_note(port, certain)] if certain else []
    return notes + [_may_cut_off_note(port, logger, doubt) for logger, doubt in named if doubt]


def _cut_off_note(port: int | None, named: Sequence[str]) -> str:
    """The note on a port setting's line naming the loggers it cuts off, each with what it holds."""
    their = "its" if len(named) == 1 else "their"
    return f"port {port} feeds {' and '.join(named)}: {_CUTS_OFF} {their} readings, not the gateway"


def _may_cut_off_note(port: int | None, named: str, doubt: str) -> str:
    """The note naming a logger that may be on the port or not (`noting_loggers_cut_off_anew`)."""
    return f"port {port} may feed {named}: {_MAY_CUT_OFF_ITS_READINGS}{doubt}"


_CUTS_OFF = "this cuts off"
_MAY_CUT_OFF = "this may cut off"
_MAY_CUT_OFF_ITS_READINGS = f"{_MAY_CUT_OFF} its readings, not the gateway: "
# Why a logger whose move is left out or excluded may be on either port (plan/thread.py `move_doubt`).
MOVE_DOUBT = (
    "its move to port {declared} is {how}, the platform records it on port {recorded}, and its cable may be "
    "on either"
)
# The words `how` is said with (plan/select.py): a move the selection leaves out, or an --exclude fences off.
LEFT_OUT, EXCLUDED = "left out", "excluded"
# A doubt as `move_doubt` words one, its ports numbers as a plan writes them (`loggers_in_doubt`).
_PORT = "(?:0|[1-9][0-9]*)"
_MOVE_DOUBT = re.compile(MOVE_DOUBT.format(declared=_PORT, how=f"(?:{LEFT_OUT}|{EXCLUDED})", recorded=_PORT))
# Found again in a saved plan's reasons, which are what its reviewer read (apply/edited.py).
_DOUBT = ": " + MOVE_DOUBT.format(declared=r"\d+", how="[a-z ]+", recorded=r"\d+")
_CUT_OFF_NOTE = re.compile(
    rf"port \d+ (?:feeds|may feed) .*?: (?:{_CUTS_OFF}|{_MAY_CUT_OFF}) (?:its|their) readings, not the "
    rf"gateway(?:{_DOUBT})?"
)
_FED = re.compile(rf"port \d+ (?:feeds|may feed) (.*): (?:{_CUTS_OFF}|{_MAY_CUT_OFF}) ", re.DOTALL)
_DOUBTED = re.compile(rf"port \d+ may feed .*{_DOUBT}", re.DOTALL)
_HOLDS = re.compile(rf" \((?:{OBSERVATIONS_PATTERN})\)")  # what a note says each logger holds
_HELD = " (#)"
# The plan format that records what a THREAD note names: the loggers a port setting cuts off, and (kept
# alongside) the others sharing a logger's port and where a new logger's box or a namesake's history is.
LOGGERS_CUT_OFF_SINCE = "1.13"
# The plan format that records the doubt each logger a port setting may cut off is named with
# (`loggers_in_doubt`): an older plan's doubts are read back from its notes' text (`_DOUBTED`).
LOGGERS_IN_DOUBT_SINCE = "1.14"


def cut_off_notes(change: Change) -> list[str]:
    """The notes `_noting_loggers_cut_off` put on a port setting's line, as worded there."""
    return _CUT_OFF_NOTE.findall(change.reason) if change.kind is Kind.EDGE else []


def holds_masked(reason: str) -> str:
    """A port setting's line (as shown) without what each logger its note names holds."""
    return _HOLDS.sub(_HELD, reason)


def noted_as_reviewed(shown: str, change: Change, reviewed: Mapping[str, str]) -> str:
    """`shown`, a fresh port setting's line as shown, its cut-off notes naming the loggers `reviewed`
    (`loggers_reviewed`) as the saved line names each, sure or in doubt and why (`loggers_noted`),
    rather than those on the port now, what each holds masked: the text the saved line, unedited and
    masked so (`holds_masked`), reads. A logger put on the port since, gone from it, or now named
    otherwise (in doubt, or sure) is the platform's doing, which apply/stale.py weighs
    (`noted_beyond_review`); any other difference is the file's."""
    port, _ = split_setting(change.address.name)
    kept = _notes_naming(port, [(f"{logger}{_HELD}", doubt) for logger, doubt in reviewed.items()])
    note = "".join(f"; {each}" for each in kept)
    notes = cut_off_notes(change)
    if not notes:
        return holds_masked(shown + note)
    first, *others = notes
    for other in others:
        shown = shown.replace(f"; {other}", "", 1)
    return holds_masked(shown.replace(f"; {first}", note, 1))


def loggers_noted(change: Change, version: str) -> dict[str, str]:
    """The loggers a saved port setting's notes named when reviewed (`loggers_reviewed`), in its
    order, each with the doubt its note said (plan/thread.py `move_doubt`'s words), or "" where the
    note said it cuts it off: as its plan records them (since LOGGERS_IN_DOUBT_SINCE), else as read
    back from its notes."""
    doubts = (
        dict(change.loggers_in_doubt) if format_known(LOGGERS_IN_DOUBT_SINCE, version) else _doubted(change)
    )
    return {logger: doubts.get(Address(logger), "") for logger in loggers_reviewed(change, version)}


def notes_unlike_their_data(change: Change, version: str) -> str | None:
    """How a saved port setting's cut-off notes differ from what its plan records of them (since
    LOGGERS_IN_DOUBT_SINCE: the loggers, `loggers_cut_off`, and each one's doubt, `loggers_in_doubt`),
    or None where they agree: a doubt `move_doubt` cannot word, or a note's text naming its loggers,
    sure or in doubt and why, otherwise than the data. Either is the file's edit, whatever the
    platform did since: an apply weighs the data against a fresh read (`noted_beyond_review`), and
    must not take an edit for the platform's doing. An older plan's doubts are its text's own."""
    if not format_known(LOGGERS_IN_DOUBT_SINCE, version) or not (
        change.loggers_cut_off or cut_off_notes(change)
    ):
        return None
    worded = [str(logger) for logger, doubt in change.loggers_in_doubt if not _MOVE_DOUBT.fullmatch(doubt)]
    if worded:
        return f"its loggers_in_doubt words a doubt of {', '.join(worded)} as no plan does"
    port, _ = split_setting(change.address.name)
    named = [(f"{logger}{_HELD}", doubt) for logger, doubt in loggers_noted(change, version).items()]
    if _notes_naming(port, named) != [holds_masked(note) for note in cut_off_notes(change)]:
        return "its note's text names its loggers otherwise than its loggers_cut_off and loggers_in_doubt"
    return None


def _doubted(change: Change) -> dict[Address, str]:
    """The doubts a port setting's notes word, by logger: a plan saved before they were recorded."""
    return {
        Address(logger): note.rpartition(_MAY_CUT_OFF_ITS_READINGS)[2]
        for note in cut_off_notes(change)
        if _DOUBTED.fullmatch(note)
        for logger in _fed(change, note)
    }


def noted_beyond_review(now: Change, reviewed: Mapping[str, str]) -> bool:
    """Whether a port setting's notes now name a logger its review did not (`reviewed`, by
    `loggers_noted`), or one the review said it may cut off (with a doubt) as cut off, or in doubt for
    another reason: a logger put on the port, or moved, since. Fewer loggers, or one the review said
    it cuts off now only in doubt, were reviewed."""
    return any(
        logger not in reviewed or reviewed[logger] not in ("", doubt)
        for logger, doubt in loggers_noted(now, LOGGERS_IN_DOUBT_SINCE).items()
    )


def loggers_reviewed(change: Change, version: str) -> tuple[str, ...]:
    """The loggers a saved port setting's note named when reviewed, as its plan records them (since
    LOGGERS_CUT_OFF_SINCE), else as read back from the note (`_fed`)."""
    if format_known(LOGGERS_CUT_OFF_SINCE, version):
        return tuple(change.loggers_cut_off)
    return tuple(logger for note in cut_off_notes(change) for logger in _fed(change, note))


def _fed(change: Change, note: str) -> list[str]:
    """The addresses a note names: its node's loggers, so split at each ` and {node}/` (no key holds
    a `/`), each without its `(12 observations)`. A note not read so stands whole for itself."""
    listed = _FED.match(note)
    if listed is None:
        return [note]
    node = str(change.connection)
    first, *others = listed.group(1).split(f" and {node}/")
    return [each.rpartition(" (")[0] or each for each in (first, *(f"{node}/{other}" for other in others))]


def cut_off_port(change: Change) -> int | None:
    """The port whose loggers' readings a port setting's change stops (`_cuts_off_loggers`); None
    for any other change."""
    if change.kind is not Kind.EDGE or not change.action.writes:
        return None
    port, setting = split_setting(change.address.name)
    return port if _cuts_off_loggers(setting, setting_value(change)) else None


def _cuts_off_loggers(setting: str, value: Any) -> bool:
    """Powered off, disconnected, or its link changed (the interface, RS-485 or RS-232 or USB, and a
    USB link's address): what a logger on the port reads through stops."""
    if setting == "power":
        return value == "off"
    if setting == "connected":
        return value is False
    return setting in LINK_SETTINGS


def settle_forced_writes(verifying: Plan, written: Collection[str]) -> Plan:
    """The plan that verifies an apply, without the forced writes the apply made: --force-write-only
    plans an unverifiable setting again on every read, so a second plan is no sign that the gateway
    did not keep it. Only a setting whose write succeeded in this run is settled; the others still
    differ."""
    return dataclasses.replace(
        verifying, changes=tuple(_settled(change, written) for change in verifying.changes)
    )


def _settled(change: Change, written: Collection[str]) -> Change:
    if change.cause is not Cause.FORCED_WRITE or change.address not in written:
        return change
    return dataclasses.replace(change, action=Action.NOOP, fields=(), reason=WRITTEN_UNVERIFIED)


def forced_unverified(plan: Plan) -> list[str]:
    """The settings an apply wrote but cannot verify: the forced writes `settle_forced_writes` settled."""
    return [c.address for c in plan.changes if c.cause is Cause.FORCED_WRITE and c.action is Action.NOOP]


def not_written(plan: Plan, written: Collection[str] = ()) -> list[Change]:
    """The declared settings a gateway cannot report that were left unwritten (no --force-write-only):
    written only when forced, yet never a change, so `plan --detailed-exitcode` stays quiet.
    `written`: what an apply wrote in this run, which its verifying plan may not confirm either (an
    "off" written to a powered port reads 0 V, as an unconfirmed one does)."""
    return [
        c
        for c in plan.changes
        if c.kind is Kind.EDGE and c.cause is Cause.UNVERIFIABLE and c.address not in written
    ]


# --- how a gateway's settings are written: apply/edge.py pushes them by these rules, and
# plan/impact.py counts the requests that push sends by the same, so its estimate says them.
SERIAL_SETTINGS = frozenset(PORT_PROPS.values())  # a port's, written together in one /configure request
NOT_READ_BACK = (*UNVERIFIABLE, "app_version")  # no read-back (mode), or it completes later (an update)


def split_setting(setting: str) -> tuple[int | None, str]:
    """`port1.baud_rate` → (1, "baud_rate"); a gateway-wide setting → (None, itself)."""
    if setting.startswith("port") and "." in setting:
        port, name = setting.split(".", 1)
        return int(port[4:]), name
    return None, setting


def setting_name(change: Change) -> str:
    """`port1.power` → "power"; a gateway-wide setting as it is."""
    return split_setting(change.address.name)[1]


def setting_value(change: Change) -> Any:
    """The value a setting's change writes: None unsets it."""
    return (change.after or {}).get("value")


def write_groups(changes: list[Change]) -> list[list[Change]]:
    """The changes each request of a push carries, in the order sent: per port, in port order, one
    request setting its serial settings and one removing those the manifest unsets (a null); then
    one request per other setting, alone."""
    configure: dict[tuple[int, bool], list[Change]] = {}
    alone: list[list[Change]] = []
    for change in changes:
        port, name = split_setting(change.address.name)
        if port is not None and name in SERIAL_SETTINGS:
            configure.setdefault((port, setting_value(change) is None), []).append(change)
        else:
            alone.append([change])
    return [configure[key] for key in sorted(configure)] + alone
