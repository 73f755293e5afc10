"""Another writer sets a declared device's SERIAL_NO to '' (an update that blanks it, not one that
drops it): `plan` told it "changed" (SERIAL_NO '') and to set it "back", as for text of another
writer's, where one cleared to null was told it lost its SERIAL_NO. A blank one names nothing either:
it is told lost, with the SERIAL_NO to set (cr154)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import applied_with_observations
from tests.e2e.test_thread import rpc


def test_a_device_whose_serial_no_was_blanked_is_told_it_lost_it(workspace: Workspace) -> None:
    applied_with_observations(workspace, "dam-a/logger-1/pz-1", 500)
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": {"SERIAL_NO": "", "NAME": "Renamed"}})
    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.output.split())
    assert f"the device at {logger['id']} named 'Renamed' lost its SERIAL_NO" in said, said
    assert "set SERIAL_NO to 'quickstart:dam-a/logger-1' on it in the platform's web app" in said, said
    assert "changed by another writer" not in said and "removes it" not in said, said
