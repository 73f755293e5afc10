"""An apply whose verifying read shows a copy of what it made (commands/apply.py `_copies_made`) has
nothing left to write, yet exits 1 on that copy: its report says what the read shows, never "Verified:
a fresh read shows no changes" just above the error naming the copy."""

from __future__ import annotations

from pathlib import Path

from iotplan.render.apply_report import render_apply_text
from tests.guards.made_during_apply import (
    WITH_LOGGER_2,
    applied_while_made,
    dam_a_beside_another_writers_connection,
    logger_2_under,
)


def test_the_report_of_an_apply_whose_fresh_read_shows_a_copy_names_it_and_not_as_verified(
    tmp_path: Path,
) -> None:
    platform, elsewhere = dam_a_beside_another_writers_connection(tmp_path)
    result = applied_while_made(platform, WITH_LOGGER_2, logger_2_under(elsewhere, "site:dam-a/logger-2"))
    assert result.after is not None and result.after.summary.converged
    [said] = result.copies
    lines = render_apply_text(result.outcomes, result.after, result.stopped, color=False).splitlines()
    assert not [line for line in lines if line.startswith("Verified")]
    assert (
        f"Not verified: a fresh read shows nothing left to write, but a copy of what this apply made: {said}."
        in lines
    )
