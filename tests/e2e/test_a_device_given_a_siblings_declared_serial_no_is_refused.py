"""Another writer sets the live dam-a/logger-1's SERIAL_NO to 'SN-9', the refId the manifest declares
for a new sibling dam-a/logger-9: logger-9 found it, and `plan` said "a manifest without
dam-a/logger-1/pz-1 removes it (dam-a/logger-9/pz-1), destroying 500 observations", a removal only
--allow-destroy guarded. `plan` and `apply` now refuse naming both devices, with the steps that keep
the sensors' history, and drift's lines for the device's sensors point at that refusal (fx372)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.serial_no_changed import logger_1_given, said_by_plan_then_apply

LOGGER_9 = "          - key: logger-9\n            ref_id: SN-9\n          - key: weather\n"


def test_a_device_given_a_siblings_declared_serial_no_is_refused(workspace: Workspace) -> None:
    logger = logger_1_given(workspace, {"SERIAL_NO": "SN-9"})
    workspace.edit(QUICKSTART, "          - key: weather\n", LOGGER_9)
    for said in said_by_plan_then_apply(workspace, "--allow-destroy"):
        assert f"the device at {logger['id']} named 'Crest datalogger', which dam-a/logger-9 finds" in said
        assert "3 sensors whose refIds name dam-a/logger-1, with 500 observations" in said, said
        assert "set its SERIAL_NO back to 'quickstart:dam-a/logger-1'" in said, said
        assert "removes it" not in said and "destroying" not in said, said
    drift = workspace.run("drift", QUICKSTART)
    assert drift.exit_code == 2, drift.output
    sensors = [line for line in drift.output.splitlines() if "dam-a/logger-9/" in line]
    assert len(sensors) == 3, drift.output
    for line in sensors:
        assert "see dam-a/logger-1" in line and "removes it" not in line, line
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-1")["id"].startswith(logger["id"])
