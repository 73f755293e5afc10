"""A guarded JSON-RPC write whose turn comes one interval after its count, as the pacing line promises,
goes on that count: no request more on an apply that does not wait."""

from __future__ import annotations

from tests.clients.test_guarded_write_queued_past_its_window_counted_again import sent_and_counted


def test_a_guarded_write_in_its_window_is_not_counted_again() -> None:
    sent, counted = sent_and_counted(others_ahead=0)
    assert counted == [] and sent.count("getSensors") == 1, (sent, counted)
