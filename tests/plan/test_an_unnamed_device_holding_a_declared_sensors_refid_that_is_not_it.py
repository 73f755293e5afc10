"""Another tool's unnamed device ('TOOL-7', of the declared unnamed device's template) holds a sensor
carrying the refId a declared sensor gets. The refusal's way if it is not that device said only to give
that sensor a SERIAL_NO of its own, "and dam-a/logger-2 is created beside it": done, the plan was
refused again, the unnamed device of its template taken for an earlier copy. It now names the second
step too, a name for one of the two, and followed so the plan creates dam-a/logger-2 beside it (fx392)."""

from __future__ import annotations

from iotplan.plan.model import Action
from tests.plan.another_tools_device import SECOND, tool_device_holding_logger_2s_sensor
from tests.plan.livebuilder import applied
from tests.plan.serial_no_changed import no_safe_plan
from tests.plan.test_diff import MANIFEST, load, plan_for


def test_an_unnamed_device_holding_a_declared_sensors_refid_that_is_not_it() -> None:
    live = applied(load(), observations=500)
    tool_props = {"SERIAL_NO": "TOOL-7", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"}
    tool, carried = tool_device_holding_logger_2s_sensor(live, tool_props)
    message = " ".join(str(no_safe_plan(live, load(MANIFEST + SECOND))).split())
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
