"""After a write, every entity it created or renamed must be found again by its refId.

iotplan has no state file: the next plan finds each entity by the refId the platform stores as its
SERIAL_NO (docs/api-assumptions.md, A1 and A4). A platform that answers a create without keeping
the refId would make every later apply create the entity again. So each integrate answer is
checked, and a write whose entities cannot be found is reported as breaking that assumption: the
rollout stops before anything more is created, and the message says what can be adopted (a
connection, by `id:`) and what cannot: a device or sensor whose refId is not its SERIAL_NO, which
no update could find; a `moved` rename the platform did not make created nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iotplan.plan.model import Action, Change, Kind
from iotplan.wording import counted


def expected_ref_ids(changes: list[Change]) -> dict[str, Change]:
    """The refIds creations, replacements and renames must leave on the platform. An in-sync change
    has no fields: no generator is made to look through none (71,000 of them in a drift apply, whose
    640 units this is asked of twice: 13 → 7 ms a pass)."""
    return {
        change.ref_id: change
        for change in changes
        if change.ref_id
        and (change.action in _MAKING or (change.fields and any(f.path == "ref_id" for f in change.fields)))
    }


def gives_ref_ids(changes: list[Change]) -> bool:
    """Whether `expected_ref_ids` names any: asked of each unit before an apply runs, without building
    the mapping (a drift apply's 640 units of 111 changes: 13 ms before, 7 ms)."""
    return any(
        change.ref_id
        and (change.action in _MAKING or (change.fields and any(f.path == "ref_id" for f in change.fields)))
        for change in changes
    )


# A set: asked of every change of a cold apply three times, where a tuple of members read through
# their class cost twice as much.
_MAKING = frozenset({Action.CREATE, Action.REPLACE})


def serials_in(answer: dict[str, Any]) -> dict[str, str]:
    """SERIAL_NO → entity id, for the connection, devices and sensors an integrate answer carries."""
    return {
        str(entity["props"]["SERIAL_NO"]): str(entity.get("id"))
        for entity in _entities(answer)
        if _serial(entity)
    }


def not_kept_message(lost: list[Change]) -> str:
    """What was not found again: a `moved` rename the platform did not make is no creation, so it
    is told apart, and no adoption is advised that cannot work."""
    renamed = [change for change in lost if _is_rename(change)]
    created = [change for change in lost if not _is_rename(change)]
    told = [_created_not_kept(created)] if created else []
    return "; ".join([*told, _rename_not_kept(renamed)] if renamed else told)


def renames_not_found(lost: list[Change], made: dict[str, Change]) -> list[Change]:
    """The `moved` renames among what is not found again: answered, but a read back does not show
    them made, so they are no change applied (the entity keeps its old refId), whatever the answer."""
    return [change for change in lost if made.get(str(change.ref_id)) is change and _is_rename(change)]


def _is_rename(change: Change) -> bool:
    return change.action not in (Action.CREATE, Action.REPLACE)


def _created_not_kept(created: list[Change]) -> str:
    first = created[0]
    return (
        f"the platform accepted the write but did not keep the refId of {counted(len(created), 'entity')} "
        f"it created (first: {first.address}, refId {first.ref_id!r}); iotplan finds entities again by "
        "refId (docs/api-assumptions.md, A1/A4), so the rollout stops here. "
        + " ".join(_adoption_advice(created))
    )


def _adoption_advice(created: list[Change]) -> list[str]:
    """A connection is found by `id:` whatever its refId; a device or sensor by its refId only: where
    the platform keeps that apart from SERIAL_NO, one adopted by its SERIAL_NO could not be updated.
    Whether it does, a failed read back cannot tell: check-platform can."""
    advice = []
    if any(change.kind is Kind.NODE for change in created):
        advice.append("Adopt the connection it created with `id: <its id>` in the manifest.")
    if any(change.kind is not Kind.NODE for change in created):
        advice.append(
            "A device or sensor cannot be adopted by `ref_id: <its SERIAL_NO>` where the platform keeps its "
            "refId apart (no update would find it): run `iotplan check-platform`; if its A1 line fails, "
            "iotplan cannot manage this platform's devices and sensors, and those created stay, unmanaged, "
            "until removed in the platform's web app"
        )
    else:
        advice.append("`iotplan check-platform` says which assumption this platform breaks")
    return advice


def _rename_not_kept(renamed: list[Change]) -> str:
    """A rename creates nothing: not made, the entity keeps its old refId, which `moved` still names."""
    first = renamed[0]
    return (
        f"the `moved` rename of {counted(len(renamed), 'entity')} was answered but is not found made "
        f"(first: {first.address}, refId {first.ref_id!r} not found, was {first.live_ref_id!r}): a rename "
        "creates nothing, so there is nothing to adopt. Where the platform does not rename by "
        "`props.SERIAL_NO` (`iotplan check-platform`, its A1+ line), each keeps its old refId and history: "
        "remove the `moved` entry and keep the old key (a key renamed without `moved` removes and "
        "recreates the entity, destroying its history)"
    )


def unconfirmed_message(lost: list[Change]) -> str:
    """The answer named nothing it made, and a new connection without its id cannot be read back:
    whether the refIds were kept is unknown, which is not the same as "not kept"."""
    first = lost[0]
    return (
        f"the platform accepted the write but its answer names none of the {counted(len(lost), 'entity')} "
        "it was to make, nor the connection's id, so iotplan "
        f"cannot look for their refIds (first: {first.address}, refId {first.ref_id!r}); the rollout stops "
        "here rather than risk a second copy of the next connection. Run `iotplan plan`: what the platform "
        "kept shows in sync; a connection planned to be created again was not kept by its refId (adopt it "
        "with `id:`; `iotplan check-platform` says which assumption this platform breaks)"
    )


def _entities(answer: dict[str, Any]) -> Iterator[dict[str, Any]]:
    integration = answer.get("integration") if isinstance(answer, dict) else None
    if not isinstance(integration, dict):
        return
    if isinstance(integration.get("node"), dict):
        yield integration["node"]
    for group in integration.get("devices") or []:
        if not isinstance(group, dict):
            continue
        if isinstance(group.get("device"), dict):
            yield group["device"]
        yield from (sensor for sensor in group.get("sensors") or [] if isinstance(sensor, dict))


def _serial(entity: dict[str, Any]) -> bool:
    props = entity.get("props")
    return isinstance(props, dict) and props.get("SERIAL_NO") is not None
