"""plan/thread.py `channels_taken` passes over a change whose sides hold no mux_index (an API
connection's sensor, most of a fleet) without asking `channel_held` of it: held against asking
`channel_held` of every change, made and not, over changes of every kind and action whose sides
hold a channel in each form the platform may give it, or none, and in-sync sensors (`InSync`), which
it tells by their class and reads one side of.

Property-based (hypothesis, a fixed derandomized set of examples).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Action, Cause, Change, InSync, Kind
from iotplan.plan.thread import Channel, channel_held, channels_taken

CHANNELS = st.sampled_from([4, 4.0, "4", 5, "five", True, None, "absent"])
SIDE = st.one_of(st.none(), st.tuples(CHANNELS, st.booleans()))  # (mux_index, a name beside it)
CHANGES = st.lists(
    st.tuples(
        st.sampled_from([Kind.SENSOR, Kind.DEVICE, Kind.NODE]),
        st.sampled_from(list(Action)),
        SIDE,
        SIDE,
        st.sampled_from(["L1", "L2"]),
        st.booleans(),  # as an in-sync sensor's `InSync`, its after side its fields
    ),
    max_size=10,
)


def _side(side: tuple[Any, bool] | None) -> dict[str, Any] | None:
    if side is None:
        return None
    channel, named = side
    return {**({"name": "Tilt"} if named else {}), **({} if channel == "absent" else {"mux_index": channel})}


def _change(
    index: int, kind: Kind, action: Action, before: Any, after: Any, logger: str, held: bool
) -> Change:
    keys = ("T", logger, f"s{index}")
    if held:
        fields = _side(after) or {}
        return InSync(
            DesiredEntity.of(Kind.SENSOR, keys, f"s:T/{logger}/s{index}", "p", fields), "id", None, 0
        )  # type: ignore[return-value]
    entity = DesiredEntity.of(kind, keys, f"s:T/{logger}/s{index}", "p", {})
    return Change(
        entity.address, kind, action, "p", "T", "why", Cause.DIFFERS, before=_side(before), after=_side(after)
    )


def _each_asked(changes: list[Change]) -> frozenset[Channel]:
    """`channels_taken` as it read every change before its fast path."""
    return frozenset(
        (change.address.parent_text or "", channel)
        for change in changes
        for made in (False, True)
        if (channel := channel_held(change, made)) is not None
    )


@settings(max_examples=400, derandomize=True, deadline=None)
@given(CHANGES)
def test_the_channels_taken_are_those_each_change_holds(described: list[Any]) -> None:
    changes = [_change(index, *each) for index, each in enumerate(described)]
    assert channels_taken(changes) == _each_asked(changes)


def test_a_sensor_moved_off_a_channel_holds_both() -> None:
    moved = _change(0, Kind.SENSOR, Action.UPDATE, (2, True), (3.0, True), "L1", False)
    in_sync = _change(1, Kind.SENSOR, Action.NOOP, None, ("4", False), "L2", True)
    api = _change(2, Kind.SENSOR, Action.NOOP, (None, True), (None, True), "L2", False)
    assert channels_taken([moved, in_sync, api]) == {("T/L1", 2), ("T/L1", 3), ("T/L2", 4)}
