"""A sensor's MUX_INDEX the manifest leaves out is resent as it stands, so that where update*
replaces props a rename keeps its channel (`rpc-update-replaces`): a read before the update that
shows the sensor without the channel the plan read it with cannot be told from a sensor that lost
it since, so nothing is sent, as for its serial (test_thread_update_reads.py)."""

from __future__ import annotations

from iotplan.apply.outcome import Status
from tests.apply.test_thread import LOGGER
from tests.apply.test_thread_update_reads import RENAMED, WRITES, Rewriting, apply_renamed, without_props

CHANNEL_UNDECLARED = RENAMED.replace(
    "name: Renamed tilt, type: TILT_BIAXIAL_DGSI, mux_index: 1}",
    "name: Renamed tilt, type: TILT_BIAXIAL_DGSI}",
)


def test_a_sensor_update_whose_read_lacks_the_channel_the_plan_read_sends_nothing() -> None:
    assert CHANNEL_UNDECLARED != RENAMED
    recorder = Rewriting("getSensors", without_props("MUX_INDEX"))
    outcome = apply_renamed(recorder, CHANNEL_UNDECLARED)
    assert outcome.status is Status.FAILED
    assert f"answered {LOGGER}/tilt1/sensor without MUX_INDEX, which the plan read it with" in outcome.message
    assert not WRITES & set(recorder.methods)
