"""Another writer makes a copy of logger-2 (refId `site:dam-a/logger-2`), holding no sensor, while the
apply creates it. The apply says to give it a SERIAL_NO not starting `site:`, of itself alone: the
fresh read found no sensor under it, so "(and so those of its sensors ...)" would be a step to look
for what is not there."""

from __future__ import annotations

from pathlib import Path

from tests.guards.made_during_apply import (
    WITH_LOGGER_2,
    applied_while_made,
    apply_error,
    dam_a_beside_another_writers_connection,
    logger_2_under,
)


def test_a_copy_of_a_device_without_sensors_made_during_apply_is_not_told_of_its_sensors(
    tmp_path: Path,
) -> None:
    platform, elsewhere = dam_a_beside_another_writers_connection(tmp_path)
    result = applied_while_made(platform, WITH_LOGGER_2, logger_2_under(elsewhere, "site:dam-a/logger-2"))

    said = apply_error(result)
    assert "its copy" in said and "dam-a/logger-2" in said, said
    assert "give it a SERIAL_NO that does not start with 'site:' in the platform's web app" in said, said
