"""An update answered as made that another writer changed back before the verifying read (a script
setting a sensor's name back as soon as it appears) reads exactly like one the platform ignored: the
fresh read shows the field as the applied plan found it. Nothing this apply reads tells the two apart,
so the closing error says both, as `updated_unlisted` does for a THREAD's, and never that a rerun is
answered the same: here a rerun converges. Before, it said "it ignores what the update sent, and a
rerun is answered the same"."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from iotplan.sim.backend import SimBackend
from tests.e2e.conftest import QUICKSTART, Workspace

RENAMED, NAME = "TM-1 renamed", "Tiltmeter TM-1"


def test_a_rename_changed_back_meanwhile_says_the_platform_or_another_writer(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    integrate = SimBackend.integrate

    def changed_back(backend: SimBackend, project_id: str, body: Any, **kwargs: Any) -> Any:
        answer = integrate(backend, project_id, body, **kwargs)
        sent = json.dumps(body)
        if RENAMED in sent:  # another writer sets the name back as soon as it appears
            back = json.loads(sent.replace(RENAMED, NAME))
            integrate(backend, project_id, copy.deepcopy(back))
        return answer

    monkeypatch.setattr(SimBackend, "integrate", changed_back)
    workspace.edit(QUICKSTART, f"name: {NAME}", f"name: {RENAMED}")

    applied = workspace.run("apply", QUICKSTART, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    closing = " ".join(applied.stderr[applied.stderr.index("Error: ") :].split())
    assert "a fresh read shows it not kept" in closing
    assert "or another writer changed it back" in closing, closing
    assert "a rerun is answered the same" not in closing, closing
    assert "its A2 lines say whether it keeps the props an update sends" in closing
    monkeypatch.setattr(SimBackend, "integrate", integrate)
    again = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert again.exit_code == 0, again.output
