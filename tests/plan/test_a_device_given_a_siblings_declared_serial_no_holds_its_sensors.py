"""Another writer set the live dam-a/logger-1's SERIAL_NO to 'SN-9', the refId the manifest declares
for its sibling dam-a/logger-9: logger-9 found it, logger-1 was created anew, and the refusal said to
"declare it where it now is, under dam-a/logger-9" and that "a manifest without dam-a/logger-1/air
removes it, destroying 500 observations", a manifest only --allow-destroy guarded (fx371). iotplan
cannot tell which device it is: it names both and what the sensors hold, says the steps that keep
their history and none that removes, and marks the device and sensors as that refusal's, so drift
and a selection of their removal refuse them too (fx372)."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.model import PlanOptions
from tests.plan.livebuilder import find
from tests.plan.serial_no_changed import applied_logger_1, no_safe_plan
from tests.plan.test_diff import MANIFEST, load, plan_for

LOGGER_9 = "          - key: logger-9\n            ref_id: SN-9\n"
AIR = "              - key: air\n                template: TEMPERATURE_SDE\n"
# As applied, and with the sensor the refusal said "a manifest without" dropped.
MANIFESTS = {"as applied": MANIFEST, "without dam-a/logger-1/air": MANIFEST.replace(AIR, "")}


@pytest.mark.parametrize("manifest", MANIFESTS)
def test_a_device_given_a_siblings_declared_serial_no_holds_its_sensors(manifest: str) -> None:
    live, logger = applied_logger_1()
    logger.props.update(SERIAL_NO="SN-9")
    sensors = [find(live, f"site:dam-a/logger-1/{key}").id for key in ("pz-1", "air")]
    refused = no_safe_plan(live, load(MANIFESTS[manifest] + LOGGER_9))
    message = " ".join(str(refused).split())
    assert f"dam-a/logger-1: not found by its refId, but the device at {logger.id}" in message, message
    assert "which dam-a/logger-9 finds by its SERIAL_NO 'SN-9'" in message, message
    assert "2 sensors whose refIds name dam-a/logger-1, with 1,000 observations" in message, message
    assert "set its SERIAL_NO back to 'site:dam-a/logger-1' in the platform's web app" in message
    assert "`ref_id: site:dam-a/logger-1/air`" in message and "drop dam-a/logger-1" in message, message
    assert "removes it" not in message and "move it back" not in message, message
    lost = [refusal.lost_serial_no for refusal in refused.refusals if refusal.lost_serial_no]
    assert lost == [(logger.id, *sensors)]
    with pytest.raises(NoSafePlanError, match="set its SERIAL_NO back"):  # a --target of their removal
        plan_for(load(MANIFESTS[manifest] + LOGGER_9), live, PlanOptions(targets=("dam-a/logger-9/air",)))
