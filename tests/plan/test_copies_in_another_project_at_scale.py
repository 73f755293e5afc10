"""The stack's connections copied into another project than the one declaring them (a stack moving
its sites, a copy left behind): each is told a copy of its declared connection by one lookup, not a
scan of every change of the plan (1,000 of a 100,000-entity fleet: 1e8 comparisons before a word)."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.live import LiveConnection, LiveEntity, LiveProject, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan import diff
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, PlanOptions

DECLARED_IN, COPIED_INTO = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
KEYS = [f"site{i}" for i in range(60)]


class _ReadCountingList(list[Any]):
    """The plan's changes, counting each time all of them are read."""

    reads = 0

    def __iter__(self) -> Any:
        _ReadCountingList.reads += 1
        return super().__iter__()


@pytest.fixture
def change_reads(monkeypatch: pytest.MonkeyPatch) -> type[_ReadCountingList]:
    made = diff._Differ.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        self.changes = _ReadCountingList(self.changes)

    monkeypatch.setattr(diff._Differ, "__init__", counting)
    _ReadCountingList.reads = 0
    return _ReadCountingList


def _manifest() -> str:
    nodes = "".join(f"      - {{key: {key}, name: {key} feed, devices: []}}\n" for key in KEYS)
    return f"apiVersion: iotplan/v1\nstack: mon\nprojects:\n  - id: {DECLARED_IN}\n    nodes:\n{nodes}"


def _live() -> LiveState:
    projects = {each: LiveProject(each, exists=True) for each in (DECLARED_IN, COPIED_INTO)}
    for at, key in enumerate(KEYS):
        for project in projects.values():
            node = LiveEntity(f"{project.id[0]}-{at}", {"NAME": f"{key} feed", "SERIAL_NO": f"mon:{key}"})
            project.connections[node.id] = LiveConnection(node, project.id)
    return LiveState("test", projects)


def test_each_copy_in_another_project_is_told_without_reading_every_change_again(
    change_reads: type[_ReadCountingList],
) -> None:
    plan = make_plan(desired_state(parse_manifest(_manifest(), "fleet.yaml")), _live(), PlanOptions())
    copies = [change for change in plan.changes if change.action is Action.DUPLICATE]
    assert sorted(change.project_id for change in copies) == [COPIED_INTO] * len(KEYS)
    assert change_reads.reads < len(KEYS)
