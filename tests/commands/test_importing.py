"""`iotplan import`'s warnings, on the live project it read."""

from __future__ import annotations

from iotplan.commands.importing import _owned_by_other_stacks
from iotplan.live.model import LiveConnection, LiveEntity, LiveProject

PROJECT = "7b2c4f1e-0000-4000-8000-000000000001"
NODE_ID = "/api/B08851/node"


def test_a_device_whose_ref_id_holds_a_credential_is_not_counted_as_adopted_from_another_stack() -> None:
    """Its refId reads as stack `https`'s, but the import does not adopt it (render/imported.py)."""
    live = LiveConnection(LiveEntity(NODE_ID, {"SERIAL_NO": "dams:dam-a"}), PROJECT)
    held = LiveEntity(f"{NODE_ID}/dynamic/A00008/device", {"SERIAL_NO": "https://x:pw-93@r.example"}, NODE_ID)
    roads = LiveEntity(f"{NODE_ID}/dynamic/A00009/device", {"SERIAL_NO": "roads:north/gauge"}, NODE_ID)
    live.devices += [held, roads]
    [warning] = _owned_by_other_stacks(LiveProject(PROJECT, exists=True, connections={NODE_ID: live}), "dams")
    assert warning.startswith("this import adopts 1 device whose refIds name stack 'roads'")
