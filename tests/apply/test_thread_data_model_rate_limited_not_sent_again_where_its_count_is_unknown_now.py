"""A THREAD sensor's channel change, reviewed holding no history, that the rate limit refuses
(-32029) is not sent again where, counted again after the wait, its count is unknown (a sensor that
reported, on a platform that has not counted it yet: `observation-count-lags`): the rollout stops,
said as before the unit's writes, not as the platform changed."""

from __future__ import annotations

from iotplan.apply.outcome import Status
from tests.apply.test_thread_data_model_counted_again import NOT_COUNTED_YET
from tests.apply.test_thread_data_model_rate_limited_not_sent_again_once_history_arrived import (
    channel_of,
    refused_once,
    reported,
)


def test_a_count_unknown_after_the_wait_stops_it_not_sent_again() -> None:
    recorder, outcome = refused_once(reported(42), variants=("observation-count-lags",))
    what = "what thread's data-model changes reread could not be counted again"
    why = (
        "update thread/ipi/tilt1: its count, read when reviewed, cannot be read now: unknown, treated as "
        f"holding data: {NOT_COUNTED_YET}"
    )
    assert outcome.status is Status.FAILED and not outcome.unreviewed
    assert outcome.message.startswith(
        "stopped before sending thread/ipi/tilt1 again after the rate limit refused it (-32029): it was not "
        f"sent again: {what}: {why}"
    )
    assert outcome.halt.startswith(f"{what} before thread/ipi/tilt1 was sent again: {why}")
    assert recorder.methods.count("updateSensor") == 1 and channel_of(recorder) == 1
