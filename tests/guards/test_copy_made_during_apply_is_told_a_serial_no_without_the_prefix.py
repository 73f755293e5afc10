"""Another writer makes a copy of logger-2 (refId `site:dam-a/logger-2`) while the apply creates it.
The apply said "To keep a copy and its history, give it another SERIAL_NO": followed with a natural
one still starting `site:`, the copy became the stack's orphan and the next plan planned its removal.
The verifying plan's copy said the same. Both now say the SERIAL_NO must not start with `site:`."""

from __future__ import annotations

from pathlib import Path

from iotplan.plan.model import Action
from tests.guards.made_during_apply import (
    WITH_LOGGER_2,
    applied_while_made,
    apply_error,
    dam_a_beside_another_writers_connection,
    logger_2_under,
)


def test_a_copy_made_during_apply_is_told_a_serial_no_without_the_prefix(tmp_path: Path) -> None:
    platform, elsewhere = dam_a_beside_another_writers_connection(tmp_path)
    result = applied_while_made(platform, WITH_LOGGER_2, logger_2_under(elsewhere, "site:dam-a/logger-2"))

    assert result.after is not None
    [copy] = [change for change in result.after.changes if change.action is Action.DUPLICATE]
    assert "give it a SERIAL_NO that does not start with 'site:' in the platform's web app" in copy.reason

    said = apply_error(result)
    assert "To keep a copy and its history, give it a SERIAL_NO that does not start with 'site:'" in said
