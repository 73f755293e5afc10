"""A THREAD logger's or sensor's ZERO_DATE through an update that does not change it (A14 in
docs/api-assumptions.md).

Sent, even as it stands, a ZERO_DATE may re-zero the entity where the platform acts on the write
(`rpc-rewrite-rezeroes`): its derived metrics computed again from its reading then, which nothing
iotplan reads can notice. Left out, a platform whose update* replaces props (`rpc-update-replaces`)
drops it. So an update of an entity holding one (as the read before the update shows it) that does not
change it (undeclared, or declared the same instant) leaves it out, and that one entity is read back
once the update is answered: holding a ZERO_DATE (as before, or another writer's since: not iotplan's
to change), it is done; holding none, it is written back at once with what the update sent, and the
report says so, but only where the read back shows exactly what the update sent (the platform's own
props aside): the platform replaced its props. Any other prop it shows, one the platform keeps that the
reference does not show too, may be another writer's: nothing is written back over it. Where the
platform both replaces and re-zeroes, that write-back would re-zero: iotplan cannot avoid both.
Whatever keeps iotplan from confirming it kept (the update's answer lost, the read back failing or
leaving it out, the write-back failing or withheld, an interrupt before the read back) fails the unit,
naming the ZERO_DATE held and the one next step: declared, it is sent as the user asked, and a
platform that replaces props keeps it. Where its entry declares it already (as it stands), there is
nothing to declare: a plan shows it to be written again where it is gone, and applying that is the step."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from iotplan.apply.outcome import Outcome, Status, UnconfirmedZeroDate
from iotplan.errors import IotplanError
from iotplan.manifest.thread import ISO_DATE_PATTERN, instant, same_zero_date
from iotplan.plan.compare import PLATFORM_PROPS
from iotplan.plan.model import Action, Change, Kind
from iotplan.plan.props import shown_quoted
from iotplan.secrets import mask_known
from iotplan.wording import joined, live_text

ZERO_DATE = "ZERO_DATE"

Read = Callable[[Iterable[str]], Awaitable[list[dict[str, Any]]]]
Update = Callable[[str, Mapping[str, Any]], Awaitable[Any]]

# Why a ZERO_DATE left out is not confirmed kept, by how far its entity got (an interrupt says the last).
NOT_ANSWERED = "its update was not answered"
ANSWER_LOST = "its update's answer was lost"
NOT_READ_BACK = "it was not read back"
NOT_WRITTEN_BACK = "the platform dropped it, and its write-back was not answered"
# The read back shows the entity changed since the update (another writer's, maybe a clear it meant):
# nothing is written back over it (`UnconfirmedZeroDate.withheld`), and nothing says the platform
# dropped it.
NOT_AS_LEFT = "the read back shows it without its ZERO_DATE and not as the update left it"


def left_out(change: Change, resent: Mapping[str, Any], declared: Mapping[str, Any]) -> Any:
    """The ZERO_DATE an update of `change` leaves out: the one the entity holds (`resent`: what the
    update resends as it stands) where `declared` does not change it; None where it holds none, the
    update changes it (the user asked for it), or `change` is no update of a logger or sensor."""
    held = resent.get(ZERO_DATE)
    if held is None or change.action is not Action.UPDATE or change.kind not in (Kind.DEVICE, Kind.SENSOR):
        return None
    return held if same_zero_date(held, declared.get(ZERO_DATE)) else None


def awaiting(outcome: Outcome, change: Change, held: Any, declared: Mapping[str, Any]) -> None:
    """Its update is about to be sent without the ZERO_DATE it holds: unconfirmed until read back.
    Whether `declared` (its entry's props) holds it decides the step said if it stays unconfirmed."""
    declares = declared.get(ZERO_DATE) is not None
    outcome.zero_dates_unconfirmed[change.address] = UnconfirmedZeroDate(
        held, NOT_ANSWERED, declared=declares
    )


def after_send(outcome: Outcome, change: Change) -> None:
    """Once its update's send ends: a ZERO_DATE the update never changed (never sent, refused, or held
    before it was sent) needs no confirming; one whose answer was lost may be gone, and is said so."""
    unconfirmed = outcome.zero_dates_unconfirmed.get(change.address)
    if unconfirmed is None:
        return
    if change.address in outcome.unsure:
        outcome.zero_dates_unconfirmed[change.address] = replace(unconfirmed, why=ANSWER_LOST)
    elif change.address not in outcome.applied and change not in outcome.in_flight:  # in flight: cut short
        del outcome.zero_dates_unconfirmed[change.address]


async def confirmed_kept(
    outcome: Outcome,
    change: Change,
    method: str,
    read: Read,
    update: Update,
    sent: Mapping[str, Any],
    answered: bool = True,
) -> bool:
    """Reads back the entity whose update left its ZERO_DATE out (`method`, `read`), and writes it
    back with what the update `sent` (`update`) where the platform dropped it; False when it cannot
    be confirmed kept (the unit stops, its message said by `tell`). An update not `answered` (an
    interrupt cut its answer short) is confirmed only where the read back shows it made."""
    before = outcome.zero_dates_unconfirmed[change.address]
    unsure = partial(_unsure, outcome, change, before.held)
    entity_id = str(change.live_id)
    unsure(NOT_READ_BACK)
    try:
        shown = [entity for entity in await read([entity_id]) if entity.get("id") == entity_id]
    except IotplanError as error:
        return unsure(f"reading it back ({method}) failed ({error})")
    props = shown[0].get("props") if len(shown) == 1 else None
    if not isinstance(props, dict):
        return unsure(f"JSON-RPC {method} read back did not answer it")
    if not answered and not _shows(props, sent):  # not made yet, as far as it shows: it may be still
        return unsure(before.why)
    _made(outcome, change)
    if props.get(ZERO_DATE) is None:
        unlike = _unlike_sent(props, sent)
        if unlike:  # another writer's change since: a write-back would overwrite it
            return unsure(
                f"{NOT_AS_LEFT} ({unlike}): "
                "another writer may have changed it meanwhile, so nothing was written back",
                withheld=True,
            )
        if not await _written_back(outcome, change, update, sent, before.held):
            return False
    del outcome.zero_dates_unconfirmed[change.address]  # kept, as it was or as another writer set it
    return True


async def _written_back(
    outcome: Outcome, change: Change, update: Update, sent: Mapping[str, Any], held: Any
) -> bool:
    """The ZERO_DATE the platform dropped as it replaced the entity's props, written back at once with
    what the update `sent`; False when that write fails."""
    _unsure(outcome, change, held, NOT_WRITTEN_BACK)
    try:
        await outcome.send(
            partial(update, str(change.live_id), {**sent, ZERO_DATE: held}), [change], withdrawable=False
        )
    except IotplanError as error:
        return _unsure(
            outcome, change, held, f"the platform dropped it, and writing it back failed ({error})"
        )
    outcome.zero_dates_written_back[change.address] = _written_back_said(change.address, held)
    return True


def _unsure(outcome: Outcome, change: Change, held: Any, why: str, withheld: bool = False) -> bool:
    """Records why the ZERO_DATE `held` is not confirmed kept (yet); False, for a caller to return.
    Whether its entry declares it stays as `awaiting` recorded it."""
    before = outcome.zero_dates_unconfirmed.get(change.address)
    declared = before is not None and before.declared
    outcome.zero_dates_unconfirmed[change.address] = UnconfirmedZeroDate(held, why, withheld, declared)
    return False


def _made(outcome: Outcome, change: Change) -> None:
    """The read back shows its update made (answered, or shown as sent): applied, no longer in
    flight, whatever becomes of a write-back after it (whose outcome alone an interrupt leaves unknown)."""
    outcome.mark_applied([change])
    if change in outcome.in_flight:
        outcome.in_flight = []


def _unlike_sent(props: Mapping[str, Any], sent: Mapping[str, Any]) -> str:
    """How the props read back differ from what the update `sent` (the ZERO_DATE and the platform's
    own props aside), by name only (a value may be a secret); '' where they are exactly that.
    The platform's own are those the reference shows (plan/compare.py), no emulator's: a prop shown
    that the update did not send, even one a platform keeps unshown by the reference, cannot be told
    from another writer's, and is said."""
    aside = PLATFORM_PROPS | {ZERO_DATE}  # NODE_ID: the platform's, resent as it stands
    shown = {name: value for name, value in props.items() if name not in aside}
    sent = {name: value for name, value in sent.items() if name not in aside}
    other = sorted(name for name in shown.keys() & sent.keys() if shown[name] != sent[name])
    unsent, gone = sorted(shown.keys() - sent.keys()), sorted(sent.keys() - shown.keys())
    said = [
        f"{joined(other)} not as sent" if other else "",
        f"{joined(unsent)}, which it did not send" if unsent else "",
        f"without {joined(gone)}, which it sent" if gone else "",
    ]
    return "; ".join(filter(None, said))


def _shows(props: Mapping[str, Any], sent: Mapping[str, Any]) -> bool:
    """Whether the props read back hold each one the update sent, as sent: the update was made."""
    return all(props.get(name) == value for name, value in sent.items() if name not in PLATFORM_PROPS)


def tell(outcome: Outcome) -> None:
    """Ends the unit's message with what it wrote back and each ZERO_DATE it could not confirm kept,
    which fails the unit: never applied, so never "Verified", with one unconfirmed."""
    said = list(outcome.zero_dates_written_back.values()) + [
        _unconfirmed_said(address, unconfirmed)
        for address, unconfirmed in outcome.zero_dates_unconfirmed.items()
    ]
    if outcome.zero_dates_unconfirmed and outcome.status is Status.APPLIED:
        outcome.status = Status.FAILED
    if said:
        outcome.message = "; ".join(filter(None, [outcome.message.rstrip("."), *said]))


def _written_back_said(address: str, held: Any) -> str:
    return mask_known(
        f"{address}: the platform dropped props not sent: its ZERO_DATE {shown_quoted(held)} written back"
    )


def _unconfirmed_said(address: str, unconfirmed: UnconfirmedZeroDate) -> str:
    held = unconfirmed.held
    return mask_known(
        f"{address}: iotplan could not confirm that it kept its ZERO_DATE {shown_quoted(held)} "
        f"({unconfirmed.why}): the update left it out, as it did not change it (a ZERO_DATE written may "
        f"re-zero it), and a platform whose update replaces props drops it. {_step_for(unconfirmed)}"
    )


def verifying_read_said(address: str, unconfirmed: UnconfirmedZeroDate | None) -> str:
    """What the verifying read not showing a ZERO_DATE an update left out says, as the unit says it:
    maybe another writer's doing where iotplan withheld its write-back; not written back, with the one
    next step the unit and the closing error give; or (`unconfirmed` None) written back, which the REST
    lists may not show yet (A16)."""
    if unconfirmed is None:
        return (
            f"{address}: its ZERO_DATE, which the platform dropped, was written back by this apply (its "
            "write-back answered), maybe not listed yet: the REST lists the verifying read reads may show "
            "that write only later (A16 in docs/api-assumptions.md); a plan made later, or the platform's "
            "web app, shows it"
        )
    if unconfirmed.withheld:  # changed after the update: maybe not the platform's doing
        return _changed_since_said(address, unconfirmed)
    return (
        f"{address}: the platform dropped ZERO_DATE, which the update left out, and iotplan could not "
        f"write it back: {_lowered(_step_for(unconfirmed))}"
    )


def _changed_since_said(address: str, unconfirmed: UnconfirmedZeroDate) -> str:
    """What the verifying read not showing a ZERO_DATE iotplan withheld the write-back of says: not
    the platform's doing as far as iotplan knows, so the web app first, then declaring it (or, its
    entry declaring it already, applying the plan that writes it again)."""
    held = unconfirmed.held
    gone = (
        f"{address}: its ZERO_DATE {shown_quoted(held)}, which the update left out, is gone and was not "
        "written back: the entity changed after the update, maybe by another writer (who may have "
        "cleared it on purpose)"
    )
    if unconfirmed.declared:
        return mask_known(f"{gone}: {_lowered(_step_for(unconfirmed))}")
    return mask_known(
        f"{gone}; check it in the platform's web app before declaring {_declaring(held)} on its entry in "
        "the manifest"
    )


def unconfirmed(outcome: Outcome) -> list[str]:
    """What no read verified of each ZERO_DATE the unit could not confirm kept: `nothing confirms that
    {address} kept its ZERO_DATE "…"`, or, its write-back withheld, that it is gone and the step."""
    return [
        mask_known(
            f"{address}'s ZERO_DATE {shown_quoted(each.held)}, which the update left out, was gone when read "
            f"back, the entity changed since: {_lowered(_step_for(each))}"
            if each.withheld
            else f"nothing confirms that {address} kept its ZERO_DATE {shown_quoted(each.held)}"
        )
        for address, each in outcome.zero_dates_unconfirmed.items()
    ]


def all_unconfirmed(outcomes: Iterable[Outcome]) -> dict[str, UnconfirmedZeroDate]:
    """Each ZERO_DATE the units left unconfirmed, by address, in the order they were left."""
    return {address: each for outcome in outcomes for address, each in outcome.zero_dates_unconfirmed.items()}


def all_written_back(outcomes: Iterable[Outcome]) -> set[str]:
    """The addresses whose ZERO_DATE the units wrote back."""
    return {address for outcome in outcomes for address in outcome.zero_dates_written_back}


def next_steps(outcomes: Iterable[Outcome]) -> str:
    """The one next step for each ZERO_DATE left unconfirmed, as the apply's closing error says it."""
    unconfirmed = all_unconfirmed(outcomes).items()
    return "; ".join(f"for {address}, {_lowered(_step_for(each))}" for address, each in unconfirmed)


def next_steps_then(outcomes: Iterable[Outcome], then: str) -> str:
    """`then` (a rerun), after the steps for each ZERO_DATE left unconfirmed: a rerun plans no change
    where one was lost, so it is never the step alone."""
    steps = next_steps(outcomes)
    return f"{steps}; then {then}" if steps else then


# Declaring a ZERO_DATE the platform no longer shows is a data-model change, which a logger or sensor
# holding history takes only with the flag; and the write is a ZERO_DATE written, which may re-zero it.
WITH_THE_FLAG = (
    "with `--allow-data-model-change` where it holds observations (restoring its ZERO_DATE is a data-model "
    "change there; a platform that re-zeroes on a ZERO_DATE written re-zeroes it then)"
)


def _step_for(unconfirmed: UnconfirmedZeroDate) -> str:
    """The one next step for a ZERO_DATE left unconfirmed: where iotplan withheld its write-back (the
    entity changed after the update), the web app first, as another writer may have cleared it on
    purpose, and declaring it only if it should be back; else `_next_step`. Its entry declaring it
    already, `_declared_step`."""
    if unconfirmed.declared:
        return _declared_step(unconfirmed.withheld)
    if not unconfirmed.withheld:
        return _next_step(unconfirmed.held)
    declaring = _declaring(unconfirmed.held)
    return mask_known(
        f"Check it in the platform's web app before declaring {declaring} on its entry in the "
        "manifest, as another writer may have cleared it on purpose: only if it should be back, declare it "
        f"and apply again {WITH_THE_FLAG}"
    )


def _declared_step(withheld: bool) -> str:
    """The one next step for a ZERO_DATE its entry declares as it stood: nothing to declare, and where
    the platform dropped it (or another writer cleared it), a plan shows it to be written again, as a
    data-model change; withheld, the web app first, as another writer may have cleared it on purpose."""
    declares = "Its entry in the manifest declares it, so `plan` shows it to be written again"
    if withheld:
        return (
            f"{declares}: check it in the platform's web app first, as another writer may have cleared it "
            f"on purpose, and only if it should be back, apply again {WITH_THE_FLAG}, else take `zero_date:` "
            "off its entry"
        )
    return f"{declares} if it is gone: apply again {WITH_THE_FLAG}, or check it in the platform's web app"


def _declaring(held: Any) -> str:
    declared = _as_declared(held)
    return f"`zero_date: {json.dumps(declared)}`" if declared is not None else "its `zero_date:`"


def _lowered(step: str) -> str:
    """A step, which opens a sentence, as a clause."""
    return f"{step[:1].lower()}{step[1:]}"


def _next_step(held: Any) -> str:
    """Declared, the ZERO_DATE is sent as the user asked: a platform that replaces props keeps it.
    Given as the manifest accepts it, or said to need its zone where the platform holds none: a zone
    iotplan chose would be a guess; one finer than a microsecond, rounded, would be another instant, so
    the web app is the step there. Masked where it spells a secret iotplan holds."""
    declared = _as_declared(held)
    if declared is not None and mask_known(declared) == declared:
        step = (
            f"Declare `zero_date: {json.dumps(declared)}` on its entry in the manifest and apply again "
            f"{WITH_THE_FLAG}, or check it in the platform's web app"
        )
    elif isinstance(held, str) and _finer_than_microseconds(held) and mask_known(held) == held:
        step = (
            f"Check its ZERO_DATE in the platform's web app: it holds {shown_quoted(held)}, finer than the "
            "microseconds a manifest's `zero_date:` takes, so declaring it would set another instant"
        )
    elif isinstance(held, str) and instant(held) is not None and mask_known(held) == held:  # no zone
        step = (
            f"Declare its ZERO_DATE on its entry in the manifest (`zero_date:`): the platform holds "
            f"{shown_quoted(held)}, which the manifest needs with its zone (an ISO 8601 date and time such "
            f"as '2026-03-01T00:00:00Z'); then apply again {WITH_THE_FLAG}, or check it in the platform's "
            "web app"
        )
    else:
        step = f"Check its ZERO_DATE ({live_text(str(held))}) in the platform's web app"
    return mask_known(step)


def _as_declared(held: Any) -> str | None:
    """`held` as a manifest's `zero_date` accepts it (manifest/thread.py): as it stands, or with only
    its zone written as validate reads it (`+0000` as `+00:00`), or else as `datetime` writes it, the
    same instant each; None where it names none with its zone, or one finer than a microsecond
    (`datetime` would round it: another instant)."""
    moment = instant(held) if isinstance(held, str) else None
    if moment is None or moment.tzinfo is None or _finer_than_microseconds(str(held)):
        return None
    for form in (str(held), _ZONE.sub(_zone_spelled, str(held)), moment.isoformat()):
        if ISO_DATE_PATTERN.fullmatch(form) and instant(form) == moment:
            return form
    return None


# A zone at the end of a date and time, its minutes apart or left out (`+0000`, `+05`).
_ZONE = re.compile(r"([+-])([0-9]{2}):?([0-9]{2})?$")
_FRACTION = re.compile(r"[.,]([0-9]+)")


def _zone_spelled(zone: re.Match[str]) -> str:
    sign, hours, minutes = zone.groups()
    return f"{sign}{hours}:{minutes or '00'}"


def _finer_than_microseconds(held: str) -> bool:
    """Whether `held` gives a fraction of a second past its sixth digit (nanoseconds), which neither
    validate nor `datetime` keeps."""
    fraction = _FRACTION.search(held)
    return fraction is not None and fraction.group(1)[6:].strip("0") != ""
