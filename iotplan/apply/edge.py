"""Push THREAD settings: check identity, write, read back, verify. One gateway at a time here;
gateways run concurrently in apply_gateways.

Settings that could cut the gateway off (cloud connection off, interface priority) go last and
only with `allow_disconnect`; an unreachable or sleeping gateway is pending, never a failure of
the others. A write answered 5xx, or whose answer was lost, may or may not have been made: it
fails the gateway and is reported as such, never as not applied.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

from iotplan.apply.outcome import Outcome, Status, not_started
from iotplan.apply.thread import IdentityCheck
from iotplan.apply.units import Unit
from iotplan.clients.edge import NOTHING_WRITTEN
from iotplan.errors import GatewayMismatch, GatewayUnavailable, IotplanError, SerialRefused
from iotplan.live.gateways import (
    PORT_PROPS,
    GatewayReader,
    confirm_identity,
    read_gateway,
)
from iotplan.live.model import GatewayStatus
from iotplan.plan.edge import (
    GATEWAY_CAUSES,
    NOT_READ_BACK,
    SERIAL_SETTINGS,
    cuts_off,
    setting_name,
    setting_value,
    split_setting,
    write_groups,
)
from iotplan.plan.model import Action, Cause, Change, Kind, Plan
from iotplan.plan.props import shown_quoted
from iotplan.wording import clause

POWER_VALUES = {"off": 0, "12V": 1, "15V": 2}
SETTING_TO_PROP = {name: prop for prop, name in PORT_PROPS.items()}
# A power written on and read back as off (0 V): either the THREAD did not keep it or its ports read
# 0 V whatever their power (plan/edge.py OFF_UNCONFIRMED). Running again would write and read the same.
POWER_UNSEEN = (
    "written, cannot be verified (the port still measures 0 V: this THREAD did not keep it, or its ports "
    "read 0 V whatever their power; check the port's supply on the box): {names}"
)
# The serial asked once writes were sent (`_Push.confirm_sent`) got no answer that says which box it is.
UNCONFIRMED = "the gateway's serial, asked {when}, was not confirmed"
# A write read back as neither what was written nor what the plan read: set by someone between the
# write and the read-back, worded as the verifying plan words the same race (commands/apply.py).
CHANGED_MEANWHILE = (
    "another writer changed what this apply wrote meanwhile (another iotplan run, a person or a script), "
    "or the gateway keeps another value than it accepted"
)
# A write read back otherwise in a way the gateway makes itself: no other writer is blamed for it.
KEPT_OTHERWISE = "the gateway keeps another value than it accepted"
REMOVED = f"{KEPT_OTHERWISE} (a removed setting may read back as the gateway's default)"
# Power is never read back: it is inferred from the measured voltage (live/gateways.py), which a sagging
# supply moves on its own.
MEASURED = (
    "as measured (power is inferred from the port's voltage): "
    f"{KEPT_OTHERWISE}, or the port's supply measures otherwise under load"
)
SEE_WHY = "run `iotplan plan` to see why {names} {reads} back otherwise before applying again"
# Not "run it again": a rerun would write over the other writer's value (a baud rate a logger reads at).
OVERWRITES = ": applying again would write over another writer's value"


class GatewayWriter(GatewayReader, Protocol):
    async def put_port_config(self, port: int, props: dict[str, Any]) -> None: ...
    async def delete_port_config(self, port: int, resources: list[str]) -> None: ...
    async def set_interface_mode(self, port: int, mode: str) -> None: ...
    async def set_port_power(self, port: int, value: int) -> None: ...
    async def put_port_connection(self, port: int, value: bool) -> None: ...
    async def put_battery_saver(self, value: bool, low: int | None, high: int | None) -> None: ...
    async def put_cloud_connection(self, value: bool) -> None: ...
    async def put_interface_priority(self, interface: str) -> None: ...
    async def update(self, version: str) -> None: ...


@dataclass(frozen=True)
class Gateway:
    node: str  # the thread node's address
    host: str
    serial: str


GatewayOpener = Callable[[str], GatewayWriter]


def edge_writes(plan: Plan) -> dict[str, list[Change]]:
    groups: dict[str, list[Change]] = {}
    for change in plan.changes:
        if change.kind is Kind.EDGE and change.action is Action.UPDATE:
            groups.setdefault(change.connection, []).append(change)
    return groups


def gateway_unit_names(plan: Plan) -> set[str]:
    """The names of the units `gateway_units` makes of a plan: `{node}/edge`, one per gateway written."""
    return {_unit_name(node) for node in edge_writes(plan)}


def _unit_name(node: str) -> str:
    return f"{node}/edge"


def identity_checks(
    open_gateway: GatewayOpener, gateways: dict[str, Gateway], plan: Plan
) -> dict[str, IdentityCheck]:
    """By node, the one request (GET /api/serialNumber) that confirms, before the node's platform
    writes, that the box at its `edge.host` still reports the serial the plan confirmed there: the
    plan's reads (a port's existence above all) came from that box. Not for a node whose gateway the
    plan could not read or refused: the plan relied on nothing it said."""
    waiting = frozenset(GATEWAY_CAUSES.values())  # a set lookup a change, not four comparisons
    unread = {change.connection for change in plan.changes if change.cause in waiting}
    return {
        node: partial(_confirm_at, open_gateway, gateway)
        for node, gateway in gateways.items()
        if node not in unread
    }


async def _confirm_at(open_gateway: GatewayOpener, gateway: Gateway) -> str:
    return await confirm_identity(open_gateway(gateway.host), gateway.host, gateway.serial)


def gateway_units(
    open_gateway: GatewayOpener, gateways: dict[str, Gateway], plan: Plan, *, allow_disconnect: bool
) -> list[Unit]:
    """Each gateway's writes as a unit of apply work, named `{node}/edge`."""
    left = left_as_read(plan)

    def unit(node: str, changes: list[Change]) -> Unit:
        gateway, progress = gateways[node], not_started(_unit_name(node), changes)
        return Unit(
            progress.connection,
            changes,
            lambda: apply_gateway(
                open_gateway(gateway.host),
                gateway,
                changes,
                allow_disconnect,
                progress,
                left.get(node, []),
            ),
            progress=progress,
            # Once the THREAD's platform writes are applied (the loggers its ports feed exist); never
            # when they failed. A node with no platform writes names no unit, and nothing waits.
            after=node,
        )

    return [unit(node, changes) for node, changes in edge_writes(plan).items()]


async def apply_gateway(
    client: GatewayWriter,
    gateway: Gateway,
    changes: list[Change],
    allow_disconnect: bool,
    outcome: Outcome | None = None,  # the unit's, filled in as it goes; a fresh one by default
    left: list[Change] | None = None,  # the plan's settings of this gateway read in sync (`left_as_read`)
) -> Outcome:
    outcome = outcome or not_started(f"{gateway.node}/edge", changes)
    push = _Push(client, gateway, outcome)
    # An application update may restart the API that answers every other write (the reference does not
    # say): it goes last, after the settings that can cut the gateway off, none of them sent into a restart.
    update = [change for change in changes if _setting(change) == "app_version"]
    risky = [change for change in changes if cuts_off(change)]
    safe = [change for change in changes if change not in risky and change not in update]
    try:
        await push.confirm()
        await push.write(safe)
        if risky and allow_disconnect:
            await push.write(risky)
        await push.write(update)
        written = [c for c in changes if c.address in outcome.applied]
        check = await _verify(push, _Expected(written, left or []))
    except GatewayUnavailable as error:
        outcome.status, outcome.message = Status.PENDING, push.unavailable(error)
        return outcome
    except GatewayMismatch as error:
        outcome.status, outcome.message = Status.FAILED, push.mismatch(error)
        return outcome
    except IotplanError as error:
        outcome.status, outcome.message = Status.FAILED, str(error)
        return outcome
    return _finish(outcome, check, skipped=bool(risky) and not allow_disconnect)


def left_as_read(plan: Plan) -> dict[str, list[Change]]:
    """The settings of each node's gateway the plan read as declared and leaves unwritten, by node:
    with what is written, the state the read-back must show of each port written to. Gathered in one
    pass: once a gateway, it was the plan's every change a gateway (300 gateways, 111,000 changes: 2 s)."""
    left: dict[str, list[Change]] = {}
    for change in plan.changes:
        if change.kind is Kind.EDGE and change.cause is Cause.IN_SYNC:
            left.setdefault(change.connection, []).append(change)
    return left


@dataclass
class _Push:
    """One gateway's writes, each sent only once the box at its host has confirmed its serial again
    since the write before: any write may restart a THREAD (an update, a cut-off setting), and
    whatever then takes its address (a DHCP lease handed on) must get nothing more. A GET per write
    is cheap beside a push of a handful of requests sent one at a time, and no write can be told
    safe from a restart beforehand."""

    client: GatewayWriter
    gateway: Gateway
    outcome: Outcome
    unconfirmed: list[Change] = field(default_factory=list)  # sent since the serial was last confirmed
    unverified: list[Change] = field(default_factory=list)  # to be read back by a read-back that failed

    async def confirm(self) -> None:
        await confirm_identity(self.client, self.gateway.host, self.gateway.serial)
        self.unconfirmed = []

    async def confirm_last(self) -> None:
        """After the last write, where no read-back asks the serial (nothing written reads back)."""
        await self.confirm_sent("after the last write")

    async def confirm_sent(self, when: str) -> None:
        """The box that took the writes sent since the serial was last confirmed must still be this
        THREAD, asked before the next write or after the last. One that cannot say (an update
        restarting its API, which the reference neither promises nor rules out; a setting that cut it
        off) leaves those writes' outcome unknown: whichever box took them is not known to have."""
        if not self.unconfirmed:
            return
        try:
            await self.confirm()
        except GatewayUnavailable as error:
            self.outcome.mark_unconfirmed(self.unconfirmed)
            raised = _Answered if _answered(error) else GatewayUnavailable
            raise raised(f"{UNCONFIRMED.format(when=when)}: {error}") from None

    async def write(self, changes: list[Change]) -> None:
        for write, carried in _writes(self.client, changes):
            await self.confirm_sent("before the next write")
            self.unconfirmed = carried
            # Sent whatever a platform credential refused elsewhere: the gateway's local API neither
            # uses it nor waits for a pace, and a push stopped halfway leaves the gateway half-set.
            await self.outcome.send(write, carried, withdrawable=False)

    def unavailable(self, error: GatewayUnavailable) -> str:
        """Silent right after a setting that can cut the gateway off was written: that write is the
        likely cause, which running again would not cure. Not said of a gateway that answered."""
        sent = {*self.outcome.applied, *self.outcome.unsure}  # unsure: a read-back that failed
        cut = [c for c in self.unconfirmed if cuts_off(c) and c.address in sent]
        if not cut or _answered(error):  # a gateway that answers (asleep, 429, a page) is not cut off
            return str(error)
        return (
            f"{clause(str(error))}: unreachable after {_names(cut)} was written, which may have cut the "
            "gateway off: reach it over its other interface"
        )

    def mismatch(self, error: GatewayMismatch) -> str:
        """Another box answers now: the last write, sent after the last confirmation, may have gone
        to it, so it is not counted applied. Met by the read-back, it leaves the writes that were to
        be read back unverified (`_verify`), whichever box took them."""
        if not self.outcome.calls:
            return f"identity mismatch: {error}"
        message = f"identity mismatch: {clause(str(error))}: nothing more was written"
        sent = [c for c in self.unconfirmed if c.address not in self.outcome.pending]  # answered
        unread = [c for c in self.unverified if c not in sent]
        if unread:
            message += f"; {_names(unread)} not verified: that box answered the read-back"
        if not sent:
            return message
        self.outcome.mark_unconfirmed(sent)
        self.outcome.answered_by = error.reported
        return f"{message}; {_names(sent)} may have gone to the THREAD that answered ({error.reported})"


class _Answered(GatewayUnavailable):
    """A gateway that answered the serial asked after writes, or the read-back, yet not as it must
    (asleep, rate limited, with no serial or with nonsense): pending as one silent, but there."""


def _answered(error: GatewayUnavailable) -> bool:
    """An answer came, one that says nothing of the writes: a gateway that gives it was not cut off."""
    return error.asleep or error.rate_limited or isinstance(error, SerialRefused | _Answered)


def _names(changes: list[Change]) -> str:
    return ", ".join(_setting(c) for c in changes)


def _see_why(otherwise: list[str], changed_meanwhile: list[str]) -> str:
    """Plan before applying again; a rerun is said to overwrite a value only another writer's read-back."""
    reads = "read" if len(otherwise) > 1 else "reads"
    step = SEE_WHY.format(names=", ".join(otherwise), reads=reads)
    if not changed_meanwhile:
        return step
    named = "" if changed_meanwhile == otherwise else " of " + ", ".join(changed_meanwhile)
    return f"{step}{OVERWRITES}{named}"


def _finish(outcome: Outcome, check: _Check, skipped: bool) -> Outcome:
    # A write the read-back contradicts was answered, yet is not seen made: it may or may not be.
    outcome.mark_unconfirmed(check.contradicted)
    if check.otherwise:
        outcome.first_step = _see_why(check.otherwise, check.changed_meanwhile)
    if check.failures:
        outcome.status = Status.FAILED
        outcome.message = "verification failed: " + "; ".join(check.failures)
    elif skipped:
        outcome.status = Status.FAILED
        outcome.message = "settings that can cut the gateway off were not written: pass --allow-disconnect"
    else:
        outcome.status = Status.APPLIED
    if check.unseen:  # as a write-only setting: written, and not verified, which no rerun changes
        note = POWER_UNSEEN.format(names=", ".join(check.unseen))
        outcome.message = f"{outcome.message}; {note}" if outcome.message else note
    return outcome


def _writes(
    client: GatewayWriter, changes: list[Change]
) -> list[tuple[Callable[[], Awaitable[None]], list[Change]]]:
    """One request per group plan/edge.py `write_groups` makes (plan/impact.py counts them so)."""
    return [(_write(client, group), group) for group in write_groups(changes)]


def _write(client: GatewayWriter, group: list[Change]) -> Callable[[], Awaitable[None]]:
    """A group of a port's serial settings (all set, or all unset) in one request; else one setting."""
    first = group[0]
    port, name = split_setting(_setting(first))
    if port is None or name not in SERIAL_SETTINGS:
        return _single_write(client, _setting(first), setting_value(first))
    props = [SETTING_TO_PROP[setting_name(change)] for change in group]
    if setting_value(first) is None:
        return lambda: client.delete_port_config(port, props)
    sets = {prop: setting_value(change) for prop, change in zip(props, group, strict=True)}
    return lambda: client.put_port_config(port, sets)


def _single_write(client: GatewayWriter, setting: str, value: Any) -> Callable[[], Awaitable[None]]:
    port, name = split_setting(setting)
    if port is not None:
        if name == "mode":
            return lambda: client.set_interface_mode(port, value)
        if name == "power":
            return lambda: client.set_port_power(port, POWER_VALUES[value])
        return lambda: client.put_port_connection(port, bool(value))
    if setting == "battery_saver":
        return lambda: client.put_battery_saver(value["enabled"], value.get("low"), value.get("high"))
    if setting == "cloud_connection":
        return lambda: client.put_cloud_connection(bool(value))
    if setting == "interface_priority":
        return lambda: client.put_interface_priority(value)
    return lambda: client.update(value)


@dataclass(frozen=True)
class _Expected:
    """What the read-back must show: each setting written, as written, and on each port written to,
    the serial settings the plan read there in sync and left (`left_as_read`), as read: they come in
    the /configure answer the read-back gets anyway, so they cost no request. A port that reads
    otherwise than the plan left it was written by someone: a gateway that took a write meant for
    another port (one ignoring `?port=`) does that, and then none of that port's writes is seen made."""

    written: list[Change]
    left: list[Change]

    @property
    def checked(self) -> list[Change]:
        return [c for c in self.written if setting_name(c) not in NOT_READ_BACK]

    @property
    def beside(self) -> list[Change]:
        ports = {split_setting(_setting(c))[0] for c in self.written} - {None}
        written = {c.address for c in self.written}
        return [
            c
            for c in self.left
            if split_setting(_setting(c))[0] in ports
            and setting_name(c) in SERIAL_SETTINGS
            and c.address not in written
        ]


@dataclass
class _Check:
    failures: list[str] = field(default_factory=list)
    unseen: list[str] = field(default_factory=list)  # powers written on that still measure 0 V
    contradicted: list[Change] = field(default_factory=list)  # writes the read-back does not show made
    otherwise: list[str] = field(default_factory=list)  # read back as neither written nor planned
    changed_meanwhile: list[str] = field(default_factory=list)  # of those, ones the gateway did not make


async def _verify(push: _Push, expected: _Expected) -> _Check:
    """What reads back otherwise than the plan expects once its writes are made. A read-back that
    fails, or that another box answers, leaves every write it was to verify unconfirmed; one that
    never heard this THREAD's serial (`live.confirmed`: an update restarting the API; an answer with
    no serial; another box from the first ask), the last write too. With nothing to read back, the
    serial alone is asked: the read-back's own first request."""
    checked, beside, gateway = expected.checked, expected.beside, push.gateway
    if not checked:
        await push.confirm_last()
        return _Check()
    wanted = {_setting(c) for c in checked + beside}
    live = await read_gateway(push.client, gateway.host, gateway.serial, wanted)
    if live.status is GatewayStatus.OK:
        return _compared(live.settings, checked, beside)
    push.unverified = checked
    push.outcome.mark_unconfirmed(checked)
    if live.status is GatewayStatus.MISMATCH:  # another box took the address since the last write...
        if live.confirmed:  # ...or since the read-back heard this THREAD, which had taken every write
            push.unconfirmed = []
        raise GatewayMismatch(gateway.host, live.serial or "", gateway.serial)
    if not live.confirmed:
        push.outcome.mark_unconfirmed(push.unconfirmed)
    said = live.message.replace(NOTHING_WRITTEN, "so the writes made before it are not verified")
    answered = live.status is not GatewayStatus.UNREACHABLE  # asleep, rate limited, or nonsense
    raise (_Answered if answered else GatewayUnavailable)(f"read-back failed: {said}")


def _compared(read: dict[str, Any], checked: list[Change], beside: list[Change]) -> _Check:
    check = _Check()
    for change in checked:
        name, wanted = _setting(change), setting_value(change)
        if read.get(name) == wanted:
            continue
        if split_setting(name)[1] == "power" and read.get(name) == "off":
            check.unseen.append(name)
            continue
        # What the gateway answered is anyone's text (a credential pasted in a port setting): masked
        # as plan and drift show it.
        failure = f"{name}: wrote {wanted!r}, read back {shown_quoted(read.get(name))}"
        if read.get(name) != (change.before or {}).get("value"):  # not the gateway merely not keeping it
            why = _kept_otherwise(name, wanted)
            failure = f"{failure} {why}" if why == MEASURED else f"{failure}: {why}"
            check.otherwise.append(name)
            if why == CHANGED_MEANWHILE:
                check.changed_meanwhile.append(name)
        check.failures.append(failure)
        check.contradicted.append(change)
    for change in beside:
        name, planned = _setting(change), setting_value(change)
        if read.get(name) != planned:
            check.failures.append(_changed_beside(name, planned, read.get(name)))
            port = split_setting(name)[0]
            check.contradicted.extend(c for c in checked if split_setting(_setting(c))[0] == port)
    return check


def _kept_otherwise(name: str, wanted: Any) -> str:
    """Why a write reads back as neither written nor planned: another writer only where the gateway
    could not have made the read-back itself."""
    if split_setting(name)[1] == "power":
        return MEASURED
    if wanted is None:  # a removal: what reads back is the gateway's, a default
        return REMOVED
    return CHANGED_MEANWHILE


def _changed_beside(name: str, planned: Any, read: Any) -> str:
    """Both values are the gateway's answers (the plan's read, the read-back): masked as views show them."""
    port = split_setting(name)[0]
    return (
        f"{name}: not written, read {shown_quoted(planned)} when planned, read back {shown_quoted(read)}: "
        f"the gateway changed a setting of port {port} iotplan did not write (a write meant for another "
        f"port may have reached it), so none of port {port}'s writes is seen made"
    )


def _setting(change: Change) -> str:
    return change.address.name
