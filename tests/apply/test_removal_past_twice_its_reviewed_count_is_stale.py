"""A removal that would destroy more than twice the count reviewed is refused, naming both: its
file's count may have been edited down, and either way most of what goes was never shown."""

from __future__ import annotations

from tests.apply.test_stale import connection_removal, stale_message


def test_removal_past_twice_its_reviewed_count_is_stale() -> None:
    said = stale_message(connection_removal(100, "dam-a/logger-1"), connection_removal(201, "dam-a/logger-1"))
    assert "remove dam-a: it would destroy 201 observations, 100 observations when reviewed" in said
