"""dam-a/logger-1 given the SERIAL_NO 'site:dam-a/logger-q' (a `moved` rename half done), the stack's
sensor 'site:dam-a/logger-q/extra' under it with no count given, and a SIZE counting 2 sensors more
than were read. Drift says both, apart: no count was given for dam-a/logger-q/extra, and the SIZE
counts sensors that were not read, for which a way's plan is refused; the observations at stake are
unknown."""

from __future__ import annotations

from tests.plan.half_moved_device import add_sensor, drift_of_logger_q, logger_q


def test_drift_tells_an_uncounted_sensor_from_sensors_not_read_under_a_half_moved_device() -> None:
    live, connection, device = logger_q()
    add_sensor(connection, device, "site:dam-a/logger-q/extra", None)
    device.props["SIZE"] = len(connection.sensors[device.id]) + 2

    entry = drift_of_logger_q(live)

    assert "its SIZE counts sensors that were not read" in entry.reason, entry.reason
    assert "or refuses while its SIZE counts sensors not read" in entry.reason, entry.reason
    assert "no count was given for dam-a/logger-q/extra" in entry.reason, entry.reason
    assert (entry.observations, entry.observations_unknown) == (0, True)
