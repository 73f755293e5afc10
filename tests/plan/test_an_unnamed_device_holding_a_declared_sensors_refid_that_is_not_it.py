"""Another tool's unnamed device ('TOOL-7', of the declared unnamed device's template) holds a sensor
carrying the refId a declared sensor gets. The refusal's way if it is not that device said only to give
that sensor a SERIAL_NO of its own, "and dam-a/logger-2 is created beside it": done, the plan was
refused again, the unnamed device of its template taken for an earlier copy. It now names the second
step too, a name for one of the two, and followed so the plan creates dam-a/logger-2 beside it (fx392)."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.live import LiveEntity
from iotplan.plan.model import Action
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load, plan_for

SECOND = """          - key: logger-2
            sensors:
              - key: pz-1
                template: TEMPERATURE_SDE
"""


def test_an_unnamed_device_holding_a_declared_sensors_refid_that_is_not_it() -> None:
    live = applied(load(), observations=500)
    connection = next(iter(next(iter(live.projects.values())).connections.values()))
    tool_props = {"SERIAL_NO": "TOOL-7", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"}
    tool = LiveEntity(f"{connection.node.id}/dynamic/F00001/device", tool_props, connection.node.id)
    connection.devices.append(tool)
    carried = {"SERIAL_NO": "site:dam-a/logger-2/pz-1", "OBSERVATION_COUNT": 50}
    connection.sensors[tool.id] = [LiveEntity(f"{tool.id}/F00002/sensor", carried, tool.id)]
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(MANIFEST + SECOND), live)
    message = " ".join(str(refused.value).split())
    assert "if it is not, give those sensors SERIAL_NOs of their own in the platform's web app" in message
    carried["SERIAL_NO"] = "tool-7/pz"
    assert "and give that device a name there, or dam-a/logger-2 a `name:` in the manifest" in message, (
        message
    )
    tool.props["NAME"] = "Tool logger"
    plan = plan_for(load(MANIFEST + SECOND), live)
    actions = {change.address: change.action for change in plan.changes}
    assert actions["dam-a/logger-2"] is Action.CREATE and actions["dam-a/logger-2/pz-1"] is Action.CREATE
    assert not {Action.REMOVE, Action.REPLACE} & set(actions.values()), actions
