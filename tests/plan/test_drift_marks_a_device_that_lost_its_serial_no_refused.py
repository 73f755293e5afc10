"""A declared device whose SERIAL_NO another writer cleared or changed: `drift` marked only the declared
device's MISSING entry refused; the live device (UNMANAGED, severity low) and its sensors (ORPHANED),
which that refusal is about (`Refusal.lost_serial_no`), read `refused: false`, so a pipeline gating per
entry on `refused` saw ordinary drift there. Each is now refused, at least high, still pointing at the
declared device's entry (fz111)."""

from __future__ import annotations

import pytest

from iotplan.plan.drift import Severity
from iotplan.plan.drift_entries import drift_entries, with_refusals
from tests.plan.serial_no_changed import applied_logger_1, no_safe_plan


@pytest.mark.parametrize("serial", [None, "x-123"])
def test_drift_marks_a_device_that_lost_its_serial_no_refused(serial: str | None) -> None:
    live, logger = applied_logger_1()
    logger.props["SERIAL_NO"] = serial
    refused = no_safe_plan(live)
    refusals = refused.refusals
    lost_ids = {live_id for refusal in refusals for live_id in refusal.lost_serial_no}
    entries = with_refusals(drift_entries(refused.plan(), "m.yaml", refusals=refusals), refusals)

    assert entries is not None
    lost = [entry for entry in entries if entry.live_id in lost_ids]
    assert len(lost) == 3, entries  # the device, then its 2 sensors
    for entry in lost:
        assert entry.refused, entry
        assert entry.severity.rank <= Severity.HIGH.rank, entry
        assert "see dam-a/logger-1" in entry.reason, entry.reason
