"""Another writer makes a copy of the sensor dam-a/logger-2/air (refId `site:dam-a/logger-2/air`)
under a device of its own while the apply creates it. The apply said to give it a SERIAL_NO not
starting `site:` "(and so those of its sensors whose SERIAL_NOs start with 'site:')": a sensor has
none, a step to look for what is not there. A sensor's copy is now told of itself alone."""

from __future__ import annotations

from pathlib import Path

from tests.guards.made_during_apply import (
    WITH_LOGGER_2,
    applied_while_made,
    apply_error,
    dam_a_beside_another_writers_connection,
    logger_2_holding_a_sensor_under,
)


def test_a_copy_of_a_sensor_made_during_apply_is_not_told_of_its_sensors(tmp_path: Path) -> None:
    platform, elsewhere = dam_a_beside_another_writers_connection(tmp_path)
    made = logger_2_holding_a_sensor_under(elsewhere, "field:logger", "site:dam-a/logger-2/air", "Air")
    result = applied_while_made(platform, WITH_LOGGER_2, made)

    said = apply_error(result)
    assert "its copy" in said and "dam-a/logger-2/air" in said, said
    assert "give it a SERIAL_NO that does not start with 'site:' in the platform's web app" in said, said
