"""A declared device whose SERIAL_NO another writer changed ('x-123'), not cleared: `drift`'s lines for
it and its sensors said it "lost its SERIAL_NO" beside "(serial x-123)". They say it had its SERIAL_NO
changed, if it is the declared device (plan/copies.py cannot tell), and still point at its refusal;
a cleared one still "lost its SERIAL_NO" (fx374)."""

from __future__ import annotations

import pytest

from iotplan.plan.drift_entries import drift_entries, with_refusals
from tests.plan.serial_no_changed import applied_logger_1, no_safe_plan


@pytest.mark.parametrize(
    ("serial", "said"),
    [
        ("x-123", "had its SERIAL_NO changed if it is dam-a/logger-1: see dam-a/logger-1"),
        (None, "lost its SERIAL_NO: see dam-a/logger-1"),
    ],
)
def test_drift_says_a_changed_serial_no_was_changed(serial: str | None, said: str) -> None:
    live, logger = applied_logger_1()
    logger.props["SERIAL_NO"] = serial
    refused = no_safe_plan(live)
    refusals = refused.refusals
    entries = with_refusals(drift_entries(refused.plan(), "m.yaml", refusals=refusals), refusals)
    assert entries is not None
    lost = [entry for entry in entries if entry.address.startswith("dam-a/#")]
    assert len(lost) == 3, entries  # the device, then its 2 sensors
    for entry in lost:
        assert said in entry.reason and "lost its SERIAL_NO" not in entry.reason.replace(said, ""), (
            entry.reason
        )
