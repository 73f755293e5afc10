"""A saved plan refused on a THREAD (made against the platform, or reading otherwise than the THREAD
now does) said "plan again here with `iotplan plan --on-device`": `plan` takes a manifest, so the
command as written did not run. Its step names the THREAD's own plan with its manifest, as a stale
plan's does (apply/stale.py `plan_again`), and is followed here as written."""

from __future__ import annotations

import re
import shlex

from tests.e2e.conftest import Workspace
from tests.e2e.test_a_saved_plans_before_edited_alike_on_device_is_told_edited import before_edited
from tests.e2e.test_a_stale_plan_saved_on_a_thread_names_the_threads_own_plan import planned_as_written
from tests.e2e.test_on_device import EDGE, on_device, thread, writes

__all__ = ["thread"]  # the fixture: this THREAD answering at localhost

STEP = re.compile(r"plan again here with `(iotplan plan [^`]*)`")


def _followed(thread: Workspace, saved: str) -> None:
    before = writes(thread)
    applied = on_device(thread, "apply", manifest=saved)
    assert applied.exit_code == 1, applied.output
    assert writes(thread) == before
    step = STEP.search(" ".join(applied.stderr.split()))
    assert step, applied.stderr
    [_, *args] = shlex.split(step.group(1))  # iotplan's own words, as the runner invokes it
    assert args[1] == EDGE, args  # the manifest the plan was made from
    planned_as_written(thread, step.group(1))


def test_a_plan_saved_against_the_platform_names_this_threads_own_plan(thread: Workspace) -> None:
    assert thread.run("plan", EDGE, "--out", "platform.json").exit_code in (0, 2)

    _followed(thread, "platform.json")


def test_a_plan_whose_setting_reads_otherwise_names_this_threads_own_plan(thread: Workspace) -> None:
    assert on_device(thread, "plan", "--out", "south.json").exit_code == 0
    before_edited(thread, "south.json", 4800)

    _followed(thread, "south.json")
