"""Another writer makes a copy of logger-2 (refId `site:dam-a/logger-2`) while the apply creates it,
on a platform that does not lower a device's SIZE (`size-not-lowered`): the copy says SIZE 2 and no
sensor is read under it. The apply's error keeps "(and so those of its sensors whose SERIAL_NOs start
with 'site:')": it never saw those sensors, and one left carrying the prefix is the stack's orphan, its
removal planned next."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.guards.made_during_apply import (
    WITH_LOGGER_2,
    apply_error,
    dam_a_beside_another_writers_connection,
    integrate,
    logger_2_holding_a_sensor_under,
)
from tests.guards.test_removal_counted_before_each_call import BeforeIntegrateCall

COPY = "site:dam-a/logger-2"


def test_a_copy_made_during_apply_with_sensors_not_read_is_told_of_those_it_may_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "size-not-lowered")
    platform, elsewhere = dam_a_beside_another_writers_connection(tmp_path)
    made = logger_2_holding_a_sensor_under(elsewhere, COPY, "field:a", "a")
    made["devices"][0]["sensors"].append({**made["devices"][0]["sensors"][0], "refId": "field:b"})
    gone = [{"changeState": "remove", "refId": ref_id} for ref_id in ("field:a", "field:b")]
    emptied = {"nodeId": elsewhere, "devices": [{"changeState": "update", "refId": COPY, "sensors": gone}]}

    def made_meanwhile() -> None:
        integrate(platform, {"integration": made})
        integrate(platform, {"integration": emptied})  # its SIZE stays 2

    result, _ = platform.apply(
        WITH_LOGGER_2, client=lambda client: BeforeIntegrateCall(client, 0, made_meanwhile)
    )

    said = apply_error(result)
    assert "its copy" in said and "dam-a/logger-2" in said, said
    assert (
        "give it a SERIAL_NO that does not start with 'site:' (and so those of its sensors whose SERIAL_NOs "
        "start with 'site:') in the platform's web app" in said
    ), said
