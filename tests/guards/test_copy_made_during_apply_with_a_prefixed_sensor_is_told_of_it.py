"""Another writer makes a copy of logger-2 (refId `site:dam-a/logger-2`) while the apply creates it,
and under it a sensor `site:dam-a/logger-2/zz`. Given another SERIAL_NO alone, the copy would leave
that sensor the stack's orphan, its removal planned next: the apply's error names its sensors too."""

from __future__ import annotations

from pathlib import Path

from tests.guards.made_during_apply import (
    WITH_LOGGER_2,
    applied_while_made,
    apply_error,
    dam_a_beside_another_writers_connection,
    logger_2_holding_a_sensor_under,
)


def test_a_copy_made_during_apply_with_a_prefixed_sensor_is_told_of_it(tmp_path: Path) -> None:
    platform, elsewhere = dam_a_beside_another_writers_connection(tmp_path)
    made = logger_2_holding_a_sensor_under(elsewhere, "site:dam-a/logger-2", "site:dam-a/logger-2/zz", "zz")
    result = applied_while_made(platform, WITH_LOGGER_2, made)

    said = apply_error(result)
    assert (
        "give it a SERIAL_NO that does not start with 'site:' (and so those of its sensors whose SERIAL_NOs "
        "start with 'site:') in the platform's web app" in said
    ), said
