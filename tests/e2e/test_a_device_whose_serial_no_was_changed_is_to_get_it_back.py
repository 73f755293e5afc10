"""Another writer sets a declared device's SERIAL_NO to text of its own ('x-123', renaming it too):
its sensors still carry their refIds, which name it. `plan` and `apply` said to "declare it where it
now is, under dam-a/#...", a device no manifest can declare, and that "a manifest without
dam-a/logger-1/pz-1 removes it, destroying 500 observations"; `drift` called the sensors ORPHANED,
to be removed by the next apply. All three now say its SERIAL_NO was changed and to set it back,
and drift's lines for the device and its sensors point at that refusal, telling no removal (fx371);
each says so if it is that device, and drift says "changed", not "lost" (fx374)."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.serial_no_changed import (
    drift_lines_of_the_listed_device,
    logger_1_given,
    said_by_plan_then_apply,
)


def test_a_device_whose_serial_no_was_changed_is_to_get_it_back(workspace: Workspace) -> None:
    logger = logger_1_given(workspace, {"SERIAL_NO": "x-123", "NAME": "Renamed in web app"})
    for said in said_by_plan_then_apply(workspace):
        assert f"the device at {logger['id']} named 'Renamed in web app' (SERIAL_NO 'x-123') holds" in said
        assert "If it is dam-a/logger-1, its SERIAL_NO changed by another writer" in said, said
        assert "set its SERIAL_NO back to 'quickstart:dam-a/logger-1' in the platform's web app" in said, said
        assert "declare it where it now is" not in said and "removes it" not in said, said
    for line in drift_lines_of_the_listed_device(workspace, logger):
        assert "had its SERIAL_NO changed if it is dam-a/logger-1: see dam-a/logger-1" in line, line
        assert "removes it" not in line and "lost its SERIAL_NO" not in line, line
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-1")["id"].startswith(logger["id"])
