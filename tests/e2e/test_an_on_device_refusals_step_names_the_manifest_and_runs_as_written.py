"""A saved plan refused on a THREAD (made against the platform, or reading otherwise than the THREAD
now does) said "plan again here with `iotplan plan --on-device`": `plan` takes a manifest, so the
command as written did not run. Its step names the THREAD's own plan with its manifest, as a stale
plan's does (apply/stale.py `plan_again`), and is followed here as written."""

from __future__ import annotations

import json
import re
import shlex

from tests.e2e.conftest import Workspace
from tests.e2e.test_on_device import EDGE, SIM, on_device, thread, writes

__all__ = ["thread"]  # the fixture: this THREAD answering at localhost

STEP = re.compile(r"plan again here with `(iotplan plan [^`]*)`")
SETTING = "thread-south/edge/port1.baud_rate"


def _followed(thread: Workspace, saved: str) -> None:
    before = writes(thread)
    applied = on_device(thread, "apply", manifest=saved)
    assert applied.exit_code == 1, applied.output
    assert writes(thread) == before
    step = STEP.search(" ".join(applied.stderr.split()))
    assert step, applied.stderr
    [_, *args] = shlex.split(step.group(1))  # iotplan's own words, as the runner invokes it
    assert args[1] == EDGE, args  # the manifest the plan was made from
    # the step as written; --sim-db lets the bench's THREAD stand in at localhost (test_on_device.py)
    planned = thread.run(*args, "--sim-db", SIM, "--detailed-exitcode")
    assert planned.exit_code == 2, planned.output
    assert "Target: the THREAD at http://localhost (on-device" in planned.stderr
    assert f"~ edge {SETTING}: differs from the manifest" in planned.stdout


def test_a_plan_saved_against_the_platform_names_this_threads_own_plan(thread: Workspace) -> None:
    assert thread.run("plan", EDGE, "--out", "platform.json").exit_code in (0, 2)

    _followed(thread, "platform.json")


def test_a_plan_whose_setting_reads_otherwise_names_this_threads_own_plan(thread: Workspace) -> None:
    assert on_device(thread, "plan", "--out", "south.json").exit_code == 0
    path = thread.path / "south.json"
    plan = json.loads(path.read_text())
    line = next(change for change in plan["changes"] if change["address"] == SETTING)
    line["before"]["value"] = line["fields"][0]["before"] = 4800
    path.write_text(json.dumps(plan))

    _followed(thread, "south.json")
