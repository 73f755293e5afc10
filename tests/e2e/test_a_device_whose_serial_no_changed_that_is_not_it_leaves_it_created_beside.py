"""Another writer's device, named as the declared one ('Crest datalogger'), holds sensors carrying
the refIds of dam-a/logger-1's, under SERIAL_NO 'x-123'. The refusal's way if it is not that device
said only to give those sensors SERIAL_NOs of their own, "and dam-a/logger-1 is created beside it":
done, the next plan was refused again, the device named alike taken for "likely an earlier copy" to
adopt. It now names the second step too, another name for one of the two, and followed to the letter
the plan creates dam-a/logger-1 beside it, removing nothing (fx392)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.serial_no_changed import logger_1_given, said_by_plan_then_apply
from tests.e2e.test_thread import rpc

OWN_SERIAL_NOS = "if it is not, give those sensors SERIAL_NOs of their own in the platform's web app"
ANOTHER_NAME = "and give that device another name there, or dam-a/logger-1 another `name:` in the manifest"


def test_a_device_whose_serial_no_changed_that_is_not_it_leaves_it_created_beside(
    workspace: Workspace,
) -> None:
    logger = logger_1_given(workspace, {"SERIAL_NO": "x-123"})
    said = next(said_by_plan_then_apply(workspace))
    assert f"the device at {logger['id']} named 'Crest datalogger' (SERIAL_NO 'x-123') holds" in said, said
    assert OWN_SERIAL_NOS in said, said
    for number, key in enumerate(("pz-1", "crack-1", "tilt-1")):
        sensor = workspace.live_entity(f"quickstart:dam-a/logger-1/{key}")
        rpc(workspace, "updateSensor", {"sensor": sensor["id"], "props": {"SERIAL_NO": f"own-{number}"}})
    assert ANOTHER_NAME in said, said
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": {"NAME": "Another tool's logger"}})

    planned = workspace.run("plan", QUICKSTART)
    assert planned.exit_code == 0, planned.output
    for created in (
        "dam-a/logger-1",
        "dam-a/logger-1/pz-1",
        "dam-a/logger-1/crack-1",
        "dam-a/logger-1/tilt-1",
    ):
        assert f"+ {'sensor' if created.count('/') == 2 else 'device'} {created}" in planned.output, (
            planned.output
        )
    assert "Plan: 4 to add, 0 to change, 0 to destroy" in planned.output, planned.output
    assert not [line for line in planned.output.splitlines() if line.lstrip().startswith("- ")], (
        planned.output
    )
    assert workspace.live_entity("own-0")["id"].startswith(logger["id"])  # pz-1's history stays where it was
