"""A plan saved on a THREAD (`iotplan plan --on-device --out`) and refused as stale ended with "run
iotplan plan again": on a THREAD a bare `iotplan plan` plans the embedded platform, not the gateway,
and takes no plan without its manifest. Its step now names the THREAD's own plan, which is followed
here as written: it plans this THREAD's settings."""

from __future__ import annotations

import re
import shlex

from tests.e2e.conftest import Workspace
from tests.e2e.test_on_device import EDGE, SIM, on_device, thread, writes

__all__ = ["thread"]  # the fixture: this THREAD answering at localhost

STEP = re.compile(r"changed since the plan was made: run `(iotplan plan [^`]*)` again")


def test_a_stale_plan_saved_on_a_thread_names_the_threads_own_plan(thread: Workspace) -> None:
    assert on_device(thread, "plan", "--out", "south.json").exit_code == 0
    (thread.path / EDGE).write_text((thread.path / EDGE).read_text() + "# edited since\n")
    before = writes(thread)

    applied = on_device(thread, "apply", manifest="south.json")

    assert applied.exit_code == 1, applied.output
    step = STEP.search(applied.stderr)
    assert step, applied.stderr
    assert writes(thread) == before
    planned_as_written(thread, step.group(1))


def planned_as_written(thread: Workspace, step: str) -> None:
    """The `iotplan plan` a refusal's step names, followed as written: it plans this THREAD's settings."""
    [_, *args] = shlex.split(step)  # iotplan's own words, as the runner invokes it
    # the step as written; --sim-db lets the bench's THREAD stand in at localhost (test_on_device.py)
    planned = thread.run(*args, "--sim-db", SIM, "--detailed-exitcode")
    assert planned.exit_code == 2, planned.output
    assert "Target: the THREAD at http://localhost (on-device" in planned.stderr
    assert "~ edge thread-south/edge/port1.baud_rate: differs from the manifest" in planned.stdout
