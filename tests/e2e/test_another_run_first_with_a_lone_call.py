"""Another run's identical call landing first, when this run's call carries one change alone (no
second change to have made the refusal worth reading back on its own): a replacement's removal, or
a `moved` rename of a device holding no sensor. Answered 404, the connection is read back and the
change found made by another writer, never called "not applied" (apply/refused.py `not_found`).
A lone update answered 404 is not read back: no one made it. And a replacement whose creation meets
another writer's copy is never promised to the next plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_another_writer_between_calls import (
    CALL_MADE_ELSEWHERE,
    D1,
    REPLACED,
    SITE,
    Send,
    another_writer_before_call,
    applied_with_history,
    replaced_over_another_writers_copy,
    same_call_first,
    site,
)

BARE = "          - key: d2\n            name: dev two\n"  # a device holding no sensor


def test_a_replacement_whose_creation_meets_another_writers_copy_is_not_left_to_the_next_plan(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applying = replaced_over_another_writers_copy(workspace, monkeypatch, "--format", "json")
    [outcome] = json.loads(applying.stdout)["outcomes"]
    assert outcome["removed_not_recreated"] == ["c1/d1"]
    assert "the next plan creates" not in outcome["message"]


def test_another_runs_lone_replacement_removal_landing_first_is_read_back(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_with_history(workspace)
    site(workspace, REPLACED)
    another_writer_before_call(monkeypatch, 0, same_call_first)
    applying = workspace.run("apply", SITE, "--auto-approve", "--allow-destroy", "--format", "json")
    assert applying.exit_code == 1, applying.output
    [outcome] = json.loads(applying.stdout)["outcomes"]
    assert outcome["found_made"] == ["c1/d1"] and "c1/d1" not in outcome["not_applied"]
    assert CALL_MADE_ELSEWHERE in outcome["message"]


def test_another_runs_lone_moved_rename_landing_first_is_read_back(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_with_history(workspace, BARE)
    site(workspace, D1, "          - key: d8\n            name: dev two\n")
    with (Path(workspace.path) / SITE).open("a") as manifest:
        manifest.write("moved:\n  - {from: c1/d2, to: c1/d8}\n")
    another_writer_before_call(monkeypatch, 0, same_call_first)
    applying = workspace.run("apply", SITE, "--auto-approve", "--format", "json")
    assert applying.exit_code == 1, applying.output
    [outcome] = json.loads(applying.stdout)["outcomes"]
    assert outcome["applied"] == outcome["not_applied"] == [] and outcome["found_made"] == ["c1/d8"]
    assert CALL_MADE_ELSEWHERE in outcome["message"]


async def removed_first(send: Send, body: dict[str, Any]) -> None:
    """Another writer removes d2 just before this run's call updating it."""
    d2 = {"changeState": "remove", "refId": "fz:c1/d2"}
    await send({"integration": {"nodeId": body["integration"]["nodeId"], "devices": [d2]}})


def test_a_lone_update_answered_404_is_not_applied_without_a_read_back(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a removal or a rename may have been made by another writer: an update of what another
    writer removed was not made by anyone."""
    applied_with_history(workspace, BARE)
    site(workspace, D1, "          - key: d2\n            name: dev two renamed\n")
    another_writer_before_call(monkeypatch, 0, removed_first)
    applying = workspace.run("apply", SITE, "--auto-approve", "--format", "json")
    assert applying.exit_code == 1, applying.output
    [outcome] = json.loads(applying.stdout)["outcomes"]
    assert outcome["not_applied"] == ["c1/d2"] and outcome["outcome_unknown"] == []
