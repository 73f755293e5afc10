"""What a plan shows differing from the manifest with nothing to write (no-op, cause DIFFERS): what
the headline "No changes to write, but N entities differ" counts and drift reports MODIFIED. iotplan
writes none of it back, so an apply whose fresh read still shows one leaves a declared difference:
never a success, whatever the reason the plan noted.

A THREAD entity without its SERIAL_NO (plan/thread_identity.py `identities_lost`) or with one edited
(plan/serials_edited.py) is told by its own rule, with its own step; any other (a registered THREAD
without its VERSION, say) by its note, which names both sides and the step; so is any note such a
THREAD entity without its SERIAL_NO carries besides (its VERSION dropped as well), so that one round
settles both. Which changes are told is read from the plan's own fields (action and cause), never the
note's text."""

from __future__ import annotations

from iotplan.plan.model import Action, Cause, Change, Plan
from iotplan.plan.props import shown_id
from iotplan.plan.serials_edited import serials_edited_by_address
from iotplan.plan.thread_identity import identity_lost, notes_besides_identity
from iotplan.wording import printable


def differs_unwritten(change: Change) -> bool:
    """Unchanged yet unlike the manifest: iotplan has nothing to write for it, and the platform does
    not match."""
    return change.action is Action.NOOP and change.cause is Cause.DIFFERS


def left_unwritten_otherwise(plan: Plan) -> list[str]:
    """`{address} ({id}) differs, noted: {note}`, each such change no serial rule tells: its note, as
    `plan` and `drift` show it, says what each side holds and the step; the id is quoted printable
    (anyone's text), as a note quotes it. One without its SERIAL_NO: its other notes, if any."""
    return [f"{change.address}{_its_id(change)} differs, noted: {note}" for change, note in _otherwise(plan)]


def _its_id(change: Change) -> str:
    return f" ({printable(shown_id(change.live_id) or '')})" if change.live_id else ""


def _otherwise(plan: Plan) -> list[tuple[Change, str]]:
    differing = [change for change in plan.changes if differs_unwritten(change)]
    if not differing:  # nearly every plan: no serial rule is run
        return []
    told = serials_edited_by_address(plan)
    noted = [(change, _not_told(change)) for change in differing if change.address not in told]
    return [(change, note) for change, note in noted if note]


def _not_told(change: Change) -> str:
    """What no serial rule tells of this change: all its note, or, the SERIAL_NO rule telling it
    (`identity_lost`), what its note says besides."""
    return "; ".join(notes_besides_identity(change)) if identity_lost(change) else change.reason
