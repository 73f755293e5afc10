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


def test_sensors_under_a_device_left_out_are_not_counted_as_adopted_from_another_stack() -> None:
    """A device with no SERIAL_NO is left out with its sensors, so the file adopts only the
    connection, however the sensors' own refIds read (fz102: "adopts 1 connection and 4 sensors")."""
    live = LiveConnection(LiveEntity(NODE_ID, {"SERIAL_NO": "fleet:site-26"}), PROJECT)
    device = LiveEntity(f"{NODE_ID}/dynamic/A00008/device", {"SERIAL_NO": None}, NODE_ID)
    live.devices.append(device)
    live.sensors[device.id] = [
        LiveEntity(f"{device.id}/sensor/{n}", {"SERIAL_NO": f"fleet:site-26/logger/s{n}"}, device.id)
        for n in range(4)
    ]
    [warning] = _owned_by_other_stacks(
        LiveProject(PROJECT, exists=True, connections={NODE_ID: live}), "other"
    )
    assert warning.startswith("this import adopts 1 connection whose refIds name stack 'fleet'")
