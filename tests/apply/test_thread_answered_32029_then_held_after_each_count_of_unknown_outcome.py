"""A THREAD channel change answered -32029, then held by other units' pauses after each of its counts,
is reported of unknown outcome ("may or may not"), as the guard's own hold reports it: the attempt the
limit answered may have made it (cr82 #3)."""

from __future__ import annotations

from iotplan.apply.outcome import Status
from tests.apply.test_thread import applied
from tests.apply.test_thread_data_model_counted_again import CHANNEL_3
from tests.apply.test_thread_data_model_rate_limited_not_sent_again_once_history_arrived import channel_of
from tests.apply.test_thread_update_reads import changed
from tests.apply.thread_held_after_each_count import StormAfterEachCount


def test_a_change_answered_32029_then_held_after_each_count_is_of_unknown_outcome() -> None:
    recorder = StormAfterEachCount()
    plan = changed(recorder, CHANNEL_3)
    recorder.arm()
    outcome = applied(recorder, plan)
    assert recorder.methods.count("updateSensor") == 1 and channel_of(recorder) == 1
    assert outcome.status is Status.FAILED
    # as `_held_before_resent` and `_rate_limited_write` say it: answered -32029, it may have been made
    assert outcome.unsure == ["thread/ipi/tilt1"], "reported not applied: a write -32029 answered may be made"
    assert "may or may not" in outcome.message
    assert "which was not sent" not in outcome.message  # it went, answered -32029
