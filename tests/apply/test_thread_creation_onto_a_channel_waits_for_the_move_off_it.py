"""A sensor created on the channel its sibling is moved off is written after that move, though the
manifest lists it first: the move refused (`rpc-update-identity-refused`), the unit stops and the
creation is never sent, so no two sensors are left on one channel of the logger."""

from __future__ import annotations

from iotplan.apply.outcome import Status
from tests.apply.test_thread import LOGGER, SITE, Recorder
from tests.apply.test_thread import applied as applied_on
from tests.apply.test_thread_update_reads import changed

# tilt2 moves from channel 2 to 3, and a new tilt3, listed before it, takes channel 2.
MOVED = SITE.replace(
    "{key: tilt2, type: TILT_BIAXIAL_DGSI, mux_index: 2}",
    "{key: tilt3, type: TILT_BIAXIAL_DGSI, mux_index: 2}\n"
    "              - {key: tilt2, type: TILT_BIAXIAL_DGSI, mux_index: 3}",
)


def test_a_creation_onto_a_channel_whose_move_off_failed_is_not_sent() -> None:
    recorder = Recorder(variants=("rpc-update-identity-refused",))
    plan = changed(recorder, MOVED)
    recorder.methods.clear()

    outcome = applied_on(recorder, plan)

    assert outcome.status is Status.FAILED
    assert "tilt2" in outcome.message and "cannot be updated" in outcome.message
    assert "createSensor" not in recorder.methods
    assert not recorder.read("getSensors", "sensors", [f"{LOGGER}/tilt3/sensor"])
    (tilt2,) = recorder.read("getSensors", "sensors", [f"{LOGGER}/tilt2/sensor"])
    assert tilt2["props"]["MUX_INDEX"] == 2
