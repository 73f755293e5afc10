"""A kept sensor whose channel (MUX_INDEX) is held in a form iotplan cannot read as a whole number
(`true`, `"x"`, `1.5`, written by another tool) may be on the channel a new sensor is declared on:
`true` may be channel 1, 1.5 channel 1 or 2, a word any channel. Not sure, the plan refuses the new
sensor's creation there, naming the one it may share it with, as it refuses beside `"1"` or 1.0."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from tests.plan.test_thread import LOGGER, SITE, desired, live_as_declared, planned
from tests.plan.thread_channels import TILT2, refusal

# tilt2 left out of the manifest (kept), and a new tilt5 declared on channel 1 in its place.
NEW_ON_1 = (
    SITE.replace(TILT2, TILT2.replace("tilt2", "tilt5").replace("Tilt 2", "Tilt 5"))
    .replace(
        "{key: tilt1, type: TILT_BIAXIAL_DGSI, mux_index: 1, name: Tilt 1}",
        "{key: tilt1, type: TILT_BIAXIAL_DGSI, mux_index: 3, name: Tilt 1}",
    )
    .replace("mux_index: 2, name: Tilt 5", "mux_index: 1, name: Tilt 5")
)


@pytest.mark.parametrize(
    ("held", "shown"), [(True, "true"), ("x", '"x"'), (1.5, "1.5")], ids=["true", "a word", "a fraction"]
)
def test_a_sensor_created_on_a_channel_an_unreadable_one_may_hold_is_refused(
    held: object, shown: str
) -> None:
    connection = live_as_declared(desired(), **{f"{LOGGER}/tilt2/sensor": {"MUX_INDEX": held}})
    said = refusal(PlanError, NEW_ON_1, connection)
    assert "thread/ipi/tilt5: mux_index 1 may be the channel of thread/ipi/#tilt2 " in said, said
    assert f"its MUX_INDEX is {shown}, which iotplan cannot read as a channel" in said, said


def test_a_sensor_created_on_a_channel_a_fraction_cannot_be_is_created() -> None:
    """1.5 may be channel 1 or 2, never 4."""
    on_4 = NEW_ON_1.replace("mux_index: 1, name: Tilt 5", "mux_index: 4, name: Tilt 5")
    connection = live_as_declared(desired(), **{f"{LOGGER}/tilt2/sensor": {"MUX_INDEX": 1.5}})
    plan = planned(desired(on_4), connection)
    assert any(str(change.address) == "thread/ipi/tilt5" for change in plan.changes)


def test_a_word_any_channel_may_be_is_not_answered_with_another_mux_index() -> None:
    """A MUX_INDEX holding no number (`"x"`) may be every channel: another `mux_index` on the new
    entry is refused again, so the way out offered is declaring the kept sensor with its channel."""
    connection = live_as_declared(desired(), **{f"{LOGGER}/tilt2/sensor": {"MUX_INDEX": "x"}})
    said = refusal(PlanError, NEW_ON_1, connection)
    assert "give this entry another `mux_index`" not in said, said
    assert (
        "or declare it in the manifest (`key: tilt2`, with the `mux_index` of the channel it is on)" in said
    ), said


@pytest.mark.parametrize("held", [True, 1.5], ids=["true", "a fraction"])
def test_a_value_of_a_channel_or_two_still_offers_another_mux_index(held: object) -> None:
    connection = live_as_declared(desired(), **{f"{LOGGER}/tilt2/sensor": {"MUX_INDEX": held}})
    said = refusal(PlanError, NEW_ON_1, connection)
    assert "or give this entry another `mux_index`, then plan again" in said, said
