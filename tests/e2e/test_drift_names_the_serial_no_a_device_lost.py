"""Another writer clears a declared device's SERIAL_NO (JSON-RPC `updateDevice` with SERIAL_NO null,
renaming it too): its sensors still carry their refIds, which name it. `drift` said MISSING with
"declare it under dam-a/#... or move it back under dam-a/logger-1", a device that does not exist, and
ORPHANED for its sensors; the step that keeps their history was not said (fz102). Its MISSING line,
refused as `plan` refuses it, now names the device that lost its SERIAL_NO and the one to give it."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_thread import rpc


def test_drift_says_which_serial_no_a_device_lost(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    cleared = {"SERIAL_NO": None, "NAME": "Renamed in web app"}
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": cleared})
    drift = workspace.run("drift", QUICKSTART)
    assert drift.exit_code == 2, drift.output
    said = " ".join(drift.output.split())
    assert f"the device at {logger['id']} named 'Renamed in web app' lost its SERIAL_NO" in said
    assert "set SERIAL_NO to 'quickstart:dam-a/logger-1' on it in the platform's web app" in said
    assert "move it back" not in said and "declare it where it now is" not in said
