"""A reason ending with a gateway's own message and a line break ("The THREAD is asleep.\\n") loses its
full stop too when more words follow: `clause` kept it, read "asleep.\\n: nothing was read" (cr75)."""

from __future__ import annotations

from iotplan.wording import clause


def test_a_clause_drops_a_closing_full_stop_followed_by_a_line_break() -> None:
    assert (
        clause("The THREAD is asleep.\n") + ": nothing was read" == "The THREAD is asleep: nothing was read"
    )
