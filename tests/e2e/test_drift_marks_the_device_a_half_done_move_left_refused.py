"""Another writer sets dam-a/logger-1's SERIAL_NO to 'quickstart:dam-a/logger-q', a key the manifest
does not declare (a rename begun in the web app, or a `moved` rename half applied): `plan` refuses
the creation of logger-1's sensors, which logger-q's carry, as a half-done `moved` rename, whose two
ways forward (a `moved` entry either way) each keep logger-q's 500 observations. `drift` listed
dam-a/logger-q as ORPHANED, `"refused": false`, its reason "an apply ... removes it, destroying 500
observations": a pipeline gating on `refused` saw an applicable removal of what `plan` refuses. It
is marked refused, pointing at dam-a/logger-1's refusal, and tells no removal (fx412b)."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.serial_no_changed import logger_1_given

POINTED = "see dam-a/logger-1"


def test_drift_marks_the_device_a_half_done_move_left_refused(workspace: Workspace) -> None:
    logger_1_given(workspace, {"SERIAL_NO": "quickstart:dam-a/logger-q"})

    text = workspace.run("drift", QUICKSTART)
    as_json = workspace.run("drift", QUICKSTART, "--format", "json")

    assert text.exit_code == 2, text.output
    (line,) = [line for line in text.output.splitlines() if "device dam-a/logger-q:" in line]
    assert POINTED in line and "destroying" not in line, text.output
    entries = json.loads(as_json.stdout)["entries"]
    (device,) = [entry for entry in entries if entry["address"] == "dam-a/logger-q"]
    assert device["refused"] is True, device
    assert POINTED in device["reason"] and "destroying" not in device["reason"], device
    assert device["observations"] == 0, device
