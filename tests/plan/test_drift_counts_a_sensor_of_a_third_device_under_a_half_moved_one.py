"""dam-a/logger-1 given the SERIAL_NO 'site:dam-a/logger-q' (a `moved` rename half done), and a
sensor carrying 'site:dam-a/logger-z/air' (a third device's refId), holding 300 observations, under
it. Drift matched that sensor by its last key only: `air` is declared under dam-a/logger-1, so it
said either way forward keeps the device "with its history", 0 observations, high; but the `moved`
entry renaming dam-a/logger-q back plans `- dam-a/logger-1/air#...: owned by stack 'site' as
dam-a/logger-z/air`, destroying its 300. A rename keeps by its key only a sensor named for the
device renamed; drift counts this one."""

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
