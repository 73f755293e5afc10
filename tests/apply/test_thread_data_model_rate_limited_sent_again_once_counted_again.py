"""A THREAD sensor's channel change, reviewed holding no history, that the rate limit refuses
(-32029) and that still holds none once it has waited is counted again, then sent again and applied."""

from __future__ import annotations

from iotplan.apply.outcome import Status
from tests.apply.test_thread_data_model_rate_limited_not_sent_again_once_history_arrived import (
    channel_of,
    refused_once,
)


def test_still_holding_no_history_it_is_sent_again_once_counted_again() -> None:
    recorder, outcome = refused_once(lambda recorder: None)
    assert outcome.status is Status.APPLIED, outcome.message
    refused, resent = (index for index, method in enumerate(recorder.methods) if method == "updateSensor")
    assert recorder.methods[refused + 1 : resent] == ["getSensors"]  # counted again, then sent
    assert channel_of(recorder) == 3
