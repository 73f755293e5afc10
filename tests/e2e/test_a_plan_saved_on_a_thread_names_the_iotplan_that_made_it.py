"""A plan saved on a THREAD (`iotplan plan --on-device --out`) recorded no `iotplan_version`, as a
plan saved against a platform does: its apply, by the very iotplan that made it, then said of an
edited setting that "the plan was made by an iotplan of unknown version ... which may plan
otherwise", sending the reader after a version mismatch that was not there."""

from __future__ import annotations

import json

from iotplan import __version__
from tests.e2e.conftest import Workspace
from tests.e2e.test_on_device import on_device, thread

__all__ = ["thread"]  # the fixture: this THREAD answering at localhost


def test_a_plan_saved_on_a_thread_names_the_iotplan_that_made_it(thread: Workspace) -> None:
    assert on_device(thread, "plan", "--out", "south.json").exit_code == 0
    saved = json.loads((thread.path / "south.json").read_text())
    assert saved["iotplan_version"] == __version__
    shown = json.loads(on_device(thread, "plan", "--format", "json").stdout)
    assert shown["iotplan_version"] == __version__
