"""Another writer sets a declared device's SERIAL_NO to text of its own ('x-123', renaming it too):
its sensors still carry their refIds, which name it. `plan` and `apply` said to "declare it where it
now is, under dam-a/#...", a device no manifest can declare, and that "a manifest without
dam-a/logger-1/pz-1 removes it, destroying 500 observations"; `drift` called the sensors ORPHANED,
to be removed by the next apply. All three now say its SERIAL_NO was changed and to set it back,
and drift's lines for the device and its sensors point at that refusal, telling no removal (fx371);
each says so if it is that device, and drift says "changed", not "lost" (fx374)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import applied_with_observations
from tests.e2e.test_thread import rpc


def test_a_device_whose_serial_no_was_changed_is_to_get_it_back(workspace: Workspace) -> None:
    applied_with_observations(workspace, "dam-a/logger-1/pz-1", 500)
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    changed = {"SERIAL_NO": "x-123", "NAME": "Renamed in web app"}
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": changed})
    for command in (("plan",), ("apply", "--auto-approve")):
        refused = workspace.run(command[0], QUICKSTART, *command[1:])
        assert refused.exit_code == 1, (command, refused.output)
        said = " ".join(refused.output.split())
        assert f"the device at {logger['id']} named 'Renamed in web app' (SERIAL_NO 'x-123') holds" in said
        assert "If it is dam-a/logger-1, its SERIAL_NO changed by another writer" in said, said
        assert "set its SERIAL_NO back to 'quickstart:dam-a/logger-1' in the platform's web app" in said, said
        assert "declare it where it now is" not in said and "removes it" not in said, said
    drift = workspace.run("drift", QUICKSTART)
    assert drift.exit_code == 2, drift.output
    lost = [line for line in drift.output.splitlines() if f"#{logger['id'].split('/')[-2]}" in line]
    assert len(lost) == 4, drift.output  # the device, then its 3 sensors
    for line in lost:
        assert "had its SERIAL_NO changed if it is dam-a/logger-1: see dam-a/logger-1" in line, line
        assert "removes it" not in line and "lost its SERIAL_NO" not in line, line
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-1")["id"].startswith(logger["id"])
