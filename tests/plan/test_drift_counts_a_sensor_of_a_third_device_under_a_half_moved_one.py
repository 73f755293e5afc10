"""dam-a/logger-1 given the SERIAL_NO 'site:dam-a/logger-q' (a `moved` rename half done), and a
sensor carrying 'site:dam-a/logger-z/air' (a third device's refId), holding 300 observations, under
it. `air` is also declared under dam-a/logger-1, but a rename keeps by its key only a sensor named
for the device renamed: the `moved` entry renaming dam-a/logger-q back removes this one as owned
by stack 'site' as dam-a/logger-z/air. Drift counts its 300 observations, critical."""

from __future__ import annotations

from iotplan.plan.drift import Severity
from tests.plan.half_moved_device import add_sensor, drift_of_logger_q, logger_q


def test_drift_counts_a_sensor_of_a_third_device_under_a_half_moved_one() -> None:
    live, connection, device = logger_q()
    add_sensor(connection, device, "site:dam-a/logger-z/air", 300)

    entry = drift_of_logger_q(live)

    assert "dam-a/logger-z/air carries none of them" in entry.reason, entry.reason
    assert "destroying 300 observations" in entry.reason, entry.reason
    assert (entry.observations, entry.observations_unknown) == (300, False)
    assert entry.severity is Severity.CRITICAL
