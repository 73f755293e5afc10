"""Another writer sets dam-a/logger-1's SERIAL_NO to 'quickstart:dam-a/logger-q', the refId the
manifest gives a declared sibling: logger-q finds the device by it, and `plan` refuses naming both
(plan/sibling_serial.py), its refusal about the device and its sensors alike. `drift` pointed the
sensors' entries at dam-a/logger-1's refusal, but listed the device itself as in sync, not refused:
missing from the text report, `"refused": false` in JSON, for a pipeline gating on `refused` to take
as fine. It is listed and marked refused, pointing at that refusal, as its sensors are (fx406)."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.serial_no_changed import logger_1_given

LOGGER_Q = "          - key: logger-q\n          - key: weather\n"
POINTED = "it had its SERIAL_NO changed if it is dam-a/logger-1: see dam-a/logger-1"


def test_drift_marks_the_device_a_sibling_finds_by_a_changed_serial_no_refused(workspace: Workspace) -> None:
    logger_1_given(workspace, {"SERIAL_NO": "quickstart:dam-a/logger-q"})
    workspace.edit(QUICKSTART, "          - key: weather\n", LOGGER_Q)

    text = workspace.run("drift", QUICKSTART)
    as_json = workspace.run("drift", QUICKSTART, "--format", "json")

    assert text.exit_code == 2, text.output
    lines = [line for line in text.output.splitlines() if "device dam-a/logger-q:" in line]
    assert len(lines) == 1 and POINTED in lines[0], text.output
    entries = json.loads(as_json.stdout)["entries"]
    (device,) = [entry for entry in entries if entry["address"] == "dam-a/logger-q"]
    assert device["refused"] is True, device
    assert POINTED in device["reason"] and device["severity"] == "high", device
