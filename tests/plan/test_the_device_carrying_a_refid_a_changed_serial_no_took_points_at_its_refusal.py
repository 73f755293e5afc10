"""Another writer sets dam-a/logger-1's SERIAL_NO to 'site:dam-b/logger-9', the refId this stack gives
a declared device of another connection not yet live. The plan refuses dam-a/logger-1, saying to set
its SERIAL_NO back; but the creation of dam-b/logger-9, whose refId that device now carries, was
refused too, saying to "declare it where it now is, under dam-a, with `ref_id: site:dam-b/logger-9`",
and that "a manifest without dam-b/logger-9 removes it, destroying 1,000 observations": advice that
loses dam-a/logger-1's history. That device is told as dam-a/logger-1's, pointing at its refusal, and
dam-b/logger-9 is still refused (fx390)."""

from __future__ import annotations

from tests.plan.serial_no_changed import applied_logger_1, no_safe_plan
from tests.plan.test_diff import MANIFEST, load

DAM_B = "      - key: dam-b\n        devices:\n          - key: logger-9\n"


def test_the_device_carrying_a_refid_a_changed_serial_no_took_points_at_its_refusal() -> None:
    live, logger = applied_logger_1()
    logger.props.update(SERIAL_NO="site:dam-b/logger-9", NAME="Renamed in web app")
    refused = no_safe_plan(live, load(MANIFEST + DAM_B))
    by_address = {str(refusal.address): refusal.text for refusal in refused.refusals}
    assert "set its SERIAL_NO back to 'site:dam-a/logger-1'" in by_address["dam-a/logger-1"], by_address
    creation = " ".join(by_address["dam-b/logger-9"].split())
    assert f"device {logger.id} in connection dam-a" in creation, creation
    assert "its SERIAL_NO changed if it is dam-a/logger-1: see dam-a/logger-1" in creation, creation
    for advice in ("declare it", "ref_id:", "removes it", "destroying"):
        assert advice not in creation, creation
