"""A live refId or THREAD id a manifest may not hold (padding, an invisible mark): import leaves
its entity out with a comment and counts it, so the file validates and plans no change, rather
than writing a `ref_id:` or `id:` that validate refuses."""

from __future__ import annotations

import pytest

from iotplan.live.model import LiveEntity, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action
from iotplan.render.imported import render_import
from tests.render.test_imported import NODE_ID, PROJECT, connection, entity, nodes, ours, project

REFUSED = ["dams:dam-a/spare ", "dams:dam-a/spare\u00ad", "dams:dam-a/spare\u200b", " dams:dam-a/spare"]


@pytest.mark.parametrize("ref_id", REFUSED)
def test_a_device_whose_ref_id_a_manifest_refuses_is_left_out_counted_with_its_sensor(ref_id: str) -> None:
    live = ours()
    device = entity(f"{NODE_ID}/dynamic/A00009/device", NODE_ID, SERIAL_NO=ref_id, NAME="Spare")
    sensor = entity(f"{device.id}/A0000A/sensor", device.id, SERIAL_NO=f"{ref_id}/s", OBSERVATIONS=4)
    live.devices.append(device)
    live.sensors[device.id] = [sensor]
    imported = render_import([project(live)], "dams", "the embedded platform")
    assert f"# device {device.id} is not adopted: its refId (SERIAL_NO) " in imported.text
    assert imported.left_unmanaged == 2
    assert [each["key"] for each in nodes(imported.text)[0]["devices"]] == ["logger-1"]
    plan_of_it_removes_nothing(imported.text, live)


def test_a_sensor_whose_ref_id_a_manifest_refuses_is_left_out_and_its_device_adopted() -> None:
    live = ours()
    device = live.devices[0]
    odd = entity(f"{device.id}/A0000B/sensor", device.id, SERIAL_NO="dams:dam-a/logger-1/\u200bpz", NAME="x")
    live.sensors[device.id].append(odd)
    imported = render_import([project(live)], "dams", "the embedded platform")
    assert f"# sensor {odd.id} is not adopted: its refId (SERIAL_NO) " in imported.text
    assert imported.left_unmanaged == 1
    plan_of_it_removes_nothing(imported.text, live)


def test_a_thread_sensor_whose_id_holds_a_zero_width_space_is_left_out_and_its_logger_adopted() -> None:
    thread = entity("/fn/4A1B2C/node", SERIAL_NO="4A1B2C", NAME="THREAD north")
    logger = LiveEntity(
        f"{thread.id}/vwlogger/032433/device", {"NAME": "VW", "EXTERNAL_PORT": 1}, thread.id, "VW_LOGGER"
    )
    sensor_id = f"{logger.id}/pz\u200b-1/sensor"
    sensor = LiveEntity(sensor_id, {"NAME": "pz", "MUX_INDEX": 1}, logger.id, "VW_PIEZOMETER")
    live = connection(thread, (logger, [sensor]))
    text = render_import([project(live)], "dams", "the embedded platform").text
    assert f"# sensor {json_escaped(sensor_id)} is not adopted: a manifest may not hold its id" in text
    assert "sensors" not in nodes(text)[0]["devices"][0]
    plan_of_it_removes_nothing(text, live)


def json_escaped(text: str) -> str:
    return f'"{text}"'.replace("\u200b", "\\u200b")


def plan_of_it_removes_nothing(text: str, live: object) -> None:
    desired = desired_state(parse_manifest(text, "imported.yaml"))
    plan = make_plan(desired, LiveState("embedded", {PROJECT: project(live)}))  # type: ignore[arg-type]
    assert {change.action for change in plan.changes} <= {Action.NOOP, Action.UNMANAGED}
