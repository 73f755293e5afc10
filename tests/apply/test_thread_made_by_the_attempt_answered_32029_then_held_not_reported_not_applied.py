"""A platform that makes a write, then answers it -32029 (the emulator's rpc-rate-limited-after-write),
holding it after each count: the channel moved, so it is not reported not applied (cr82 #3)."""

from __future__ import annotations

from tests.apply.test_thread import applied
from tests.apply.test_thread_data_model_counted_again import CHANNEL_3
from tests.apply.test_thread_data_model_rate_limited_not_sent_again_once_history_arrived import channel_of
from tests.apply.test_thread_update_reads import changed
from tests.apply.thread_held_after_each_count import StormAfterEachCount


def test_made_by_the_attempt_the_limit_answered_yet_reported_not_applied() -> None:
    """A platform that makes a write, then answers it -32029 (the emulator's rpc-rate-limited-after-write,
    the case A6+ hedges against): the channel is moved, the report says tilt1 was not applied."""
    recorder = StormAfterEachCount(variants=("rpc-rate-limited-after-write",))
    plan = changed(recorder, CHANNEL_3)
    recorder.arm()
    outcome = applied(recorder, plan)
    assert channel_of(recorder) == 3  # made by the attempt answered -32029
    assert "thread/ipi/tilt1" not in outcome.pending, f"reported not applied: {outcome.message}"
