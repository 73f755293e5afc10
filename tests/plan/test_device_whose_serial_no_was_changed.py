"""A declared device whose SERIAL_NO another writer changed to text of its own ('x-123'), its sensors
still carrying their refIds, which name it, was refused saying to "declare it where it now is, under
dam-a/#...", which no manifest can, or to adopt it as `ref_id: x-123`, and that a manifest without its
sensors removes them. It is told as one whose SERIAL_NO was changed, to set back (fx371), if it is
the declared device and not another's holding sensors with those refIds (fx374). Where the
new SERIAL_NO means something else (another stack's refId, one the manifest declares, or one another
live entity carries), it is not ours to reset: both are named, and no step that removes is said."""

from __future__ import annotations

import pytest

from iotplan.live import LiveEntity
from tests.plan.livebuilder import first_connection
from tests.plan.serial_no_changed import applied_logger_1, no_safe_plan
from tests.plan.test_diff import MANIFEST, load


@pytest.mark.parametrize("name", ["Logger", "Renamed in web app"])
def test_a_device_whose_serial_no_was_changed_is_to_get_it_back(name: str) -> None:
    live, logger = applied_logger_1()
    logger.props.update(SERIAL_NO="x-123", NAME=name)
    refused = no_safe_plan(live)
    message = str(refused)
    assert f"the device at {logger.id} named {name!r} (SERIAL_NO 'x-123') holds 2 sensors" in message
    assert "If it is dam-a/logger-1, its SERIAL_NO changed by another writer" in message
    assert "set its SERIAL_NO back to 'site:dam-a/logger-1' in the platform's web app" in message
    assert "its sensors' refIds name it" in message and "1,000 observations" in message
    assert "declare it where it now is" not in message and "removes it" not in message
    assert "ref_id: x-123" not in message
    assert refused.refusals[0].lost_serial_no[0] == logger.id  # drift points its lines here


PERSONS = "/api/F00000/node/dynamic/F00001/device"
# The new SERIAL_NO, what the manifest adds, and what the refusal says that SERIAL_NO is.
MEANT = {
    "another stack's refId": ("other:dam-b/logger-9", "", "a refId stack 'other' gives"),
    "a refId the manifest declares": (
        "SN-9",
        "      - key: dam-b\n        devices:\n          - key: logger-9\n            ref_id: SN-9\n",
        "the refId this manifest gives dam-b/logger-9",
    ),
    "a refId another live device carries": ("x-123", "", f"the refId device {PERSONS} carries too"),
}


@pytest.mark.parametrize("case", MEANT)
def test_a_serial_no_changed_to_what_means_something_else_is_not_ours_to_set_back(case: str) -> None:
    serial, declared, said = MEANT[case]
    manifest = load(MANIFEST + declared)  # elsewhere: one under dam-a would claim the device
    live, logger = applied_logger_1()
    logger.props.update(SERIAL_NO=serial, NAME="Renamed in web app")
    connection = first_connection(live)
    if case == "a refId another live device carries":
        connection.devices.append(
            LiveEntity(PERSONS, {"SERIAL_NO": "x-123", "NAME": "Mine"}, connection.node.id)
        )
    refused = no_safe_plan(live, manifest)
    message = str(refused)
    assert f"the device at {logger.id} named 'Renamed in web app' (SERIAL_NO " in message
    assert said in message, message
    assert "If it is dam-a/logger-1" not in message and "removes it" not in message, message
    assert "declare it where it now is" not in message, message
    lost = [refusal.lost_serial_no for refusal in refused.refusals if refusal.lost_serial_no]
    assert lost and lost[0][0] == logger.id
