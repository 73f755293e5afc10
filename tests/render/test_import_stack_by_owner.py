"""Import names the stack the refIds name by the rule the plan asks (`owner_of`), not by the text
before `:`: another tool's `other:legacy` on a device is no address of a device, so it names no stack."""

from __future__ import annotations

from iotplan.render.imported import common_stack, named_stacks
from tests.render.test_imported import connection, entity, ours, project


def test_a_device_whose_ref_id_is_no_device_address_names_no_stack_beside_the_stacks_own() -> None:
    other_tools = connection(
        entity("/api/000002/node", SERIAL_NO="SN-0042"),
        (entity("/api/000002/dynamic/B00001/device", "/api/000002/node", SERIAL_NO="other:legacy"), []),
    )
    assert named_stacks([project(ours(), other_tools)]) == ["dams"]
    assert common_stack([project(ours(), other_tools)]) == "dams"


def test_a_ref_id_that_is_an_address_of_its_depth_still_names_its_stack() -> None:
    roads = connection(
        entity("/api/000002/node", SERIAL_NO="SN-0042"),
        (entity("/api/000002/dynamic/B00001/device", "/api/000002/node", SERIAL_NO="roads:bridge/gauge"), []),
    )
    assert named_stacks([project(ours(), roads)]) == ["dams", "roads"]
    assert common_stack([project(ours(), roads)]) is None
