"""The JSON apply report of an apply whose verifying read shows a copy of what it made says so in
`not_verified`, as the text report's `Not verified:` line does: null there read as verified, the unit
failed and the exit 1 said otherwise."""

from __future__ import annotations

from pathlib import Path

from iotplan.render.apply_report import apply_report_dict
from tests.guards.made_during_apply import (
    WITH_LOGGER_2,
    applied_while_made,
    dam_a_beside_another_writers_connection,
    logger_2_under,
)


def test_the_json_report_of_an_apply_whose_fresh_read_shows_a_copy_is_not_verified(tmp_path: Path) -> None:
    platform, elsewhere = dam_a_beside_another_writers_connection(tmp_path)
    result = applied_while_made(platform, WITH_LOGGER_2, logger_2_under(elsewhere, "site:dam-a/logger-2"))
    [said] = result.copies
    report = apply_report_dict(result.outcomes, result.after, result.stopped)
    assert report["converged"] is True  # nothing is left to write: the copy is why it is not verified
    assert report["not_verified"] == (
        f"a fresh read shows nothing left to write, but a copy of what this apply made: {said}"
    )
