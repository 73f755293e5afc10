"""A parent whose sensors were all re-keyed without `moved` creates as many beside as many undeclared
ones, and each creation's checks (plan/copies.py `standing_in_the_way`) ask of the candidates what
an index built once answers: counted, never timed. Each creation asked every candidate's ownership
twice before, the square of the plan (2,000 sensors: 10 s of CPU)."""

from __future__ import annotations

import pytest

from iotplan.plan.model import Action
from iotplan.plan.ownership import Ownership
from tests.guards.fleet import one_logger
from tests.plan.livebuilder import applied
from tests.plan.test_diff import PROJECT, load, plan_for

SIZE = 300


def _manifest(prefix: str) -> str:
    return one_logger(
        [
            f"{{key: {prefix}-{each}, name: Piezometer {each % 7}, template: TEMPERATURE_SDE}}"
            for each in range(SIZE)
        ]
    )


def _ownership_asked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How often a plan asks whose an entity is (`Ownership.owns`), counted as it goes."""
    asked = [0]
    owns = Ownership.owns

    def counted(self: Ownership, *args: object) -> bool:
        asked[0] += 1
        return owns(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Ownership, "owns", counted)
    return asked


def test_each_candidates_ownership_is_asked_a_few_times_not_once_per_creation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live = applied(load(_manifest("old")))
    asked = _ownership_asked(monkeypatch)
    plan = plan_for(load(_manifest("new")), live)
    created = [change for change in plan.changes if change.action is Action.CREATE]
    assert len(created) == SIZE
    assert asked[0] <= 10 * SIZE, asked[0]


def _connections(stack: str, key: str) -> str:
    nodes = "\n".join(f"      - {{key: {key}-{each}, name: {key} {each}}}" for each in range(SIZE))
    return f"""apiVersion: iotplan/v1
stack: {stack}
projects:
  - id: {PROJECT}
    nodes:
{nodes}
"""


def test_connections_created_beside_other_stacks_ask_each_ones_ownership_a_few_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The project's unclaimed connections are indexed once for all its creations, not once each."""
    live = applied(load(_connections("other", "far")))
    project = live.projects[PROJECT]  # another stack's connections: read as the node list's, unclaimed
    project.unclaimed, project.connections = [each.node for each in project.connections.values()], {}
    asked = _ownership_asked(monkeypatch)
    plan = plan_for(load(_connections("site", "near")), live)
    created = [change for change in plan.changes if change.action is Action.CREATE]
    assert len(created) == SIZE
    assert asked[0] <= 10 * SIZE, asked[0]
