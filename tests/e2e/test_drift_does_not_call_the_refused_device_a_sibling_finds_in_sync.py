"""Another writer sets dam-a/logger-1's SERIAL_NO to 'quickstart:dam-a/logger-q', the refId the
manifest gives a declared sibling: `drift` lists the device logger-q finds as refused (fx406), but its
line read `NOT_CHECKED device dam-a/logger-q: in sync; it had its SERIAL_NO changed ...`, and JUnit's
`<failure message="NOT_CHECKED (high): in sync; ...">`: in sync and refused at once. It says what is
known instead: its fields match the manifest, and `plan` refuses it (cr158)."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.serial_no_changed import logger_1_given

LOGGER_Q = "          - key: logger-q\n          - key: weather\n"
POINTED = "it had its SERIAL_NO changed if it is dam-a/logger-1: see dam-a/logger-1"


def test_drift_does_not_call_the_refused_device_a_sibling_finds_in_sync(workspace: Workspace) -> None:
    logger_1_given(workspace, {"SERIAL_NO": "quickstart:dam-a/logger-q"})
    workspace.edit(QUICKSTART, "          - key: weather\n", LOGGER_Q)

    as_json = workspace.run("drift", QUICKSTART, "--format", "json")
    junit = workspace.run("drift", QUICKSTART, "--format", "junit")

    assert as_json.exit_code == 2, as_json.output
    (device,) = [
        entry for entry in json.loads(as_json.stdout)["entries"] if entry["address"] == "dam-a/logger-q"
    ]
    assert device["status"] == "NOT_CHECKED" and device["refused"] is True, device
    assert "in sync" not in device["reason"], device["reason"]
    assert "match the manifest" in device["reason"] and POINTED in device["reason"], device["reason"]
    (case,) = [line for line in junit.stdout.split("<testcase") if 'name="dam-a/logger-q"' in line]
    assert "in sync" not in case, case
