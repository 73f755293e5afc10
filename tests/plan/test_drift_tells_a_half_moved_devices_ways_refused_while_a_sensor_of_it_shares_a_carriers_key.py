"""dam-a/logger-1 given the SERIAL_NO 'site:dam-a/logger-q' (a `moved` rename half done), its sensors
still carrying dam-a/logger-1's refIds, and under it two sensors more: 'site:dam-a/logger-q/air'
(5 observations), at the key of the carrier 'site:dam-a/logger-1/air', and 'site:dam-a/logger-z/x'
(300). Each way's `moved` entry is refused: "both dam-a/logger-q/air and dam-a/logger-1/air exist on
the platform". Drift says either way is refused while both exist, not that it keeps the device, still
counts the 300 either way's plan removes once that is settled, and gives the step each way's refusal
gives (a SERIAL_NO outside the stack's prefix: kept with it, the sensor is the stack's orphan the next
plan removes)."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.drift import Severity
from tests.plan.half_moved_device import add_sensor, drift_of_logger_q, logger_q
from tests.plan.test_diff import MANIFEST, load, plan_for

BACK = "moved:\n  - {from: dam-a/logger-q, to: dam-a/logger-1}\n"
ON = "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-q}\n"


def test_drift_tells_a_half_moved_devices_ways_refused_while_a_sensor_of_it_shares_a_carriers_key() -> None:
    live, connection, device = logger_q()
    add_sensor(connection, device, "site:dam-a/logger-q/air", 5)
    add_sensor(connection, device, "site:dam-a/logger-z/x", 300)

    entry = drift_of_logger_q(live)

    step = "a SERIAL_NO that does not start with 'site:'"
    for way in (MANIFEST + BACK, MANIFEST.replace("key: logger-1", "key: logger-q") + ON):
        with pytest.raises(
            NoSafePlanError, match=r"both dam-a/logger-./air and dam-a/logger-./air exist"
        ) as refused:
            plan_for(load(way), live)
        assert step in str(refused.value), refused.value
    assert "keeps it" not in entry.reason.split("dam-a/logger-1/air exist")[0], entry.reason
    assert "undoing it is refused while both dam-a/logger-q/air and dam-a/logger-1/air exist" in entry.reason
    assert f"give the one not meant there {step}" in entry.reason, entry.reason
    assert "dam-a/logger-z/x carries none of them" in entry.reason, entry.reason
    assert "destroying 300 observations" in entry.reason, entry.reason
    assert (entry.observations, entry.severity) == (300, Severity.CRITICAL)
