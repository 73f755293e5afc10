"""Under --shard i/n, a --target or --exclude naming the address a `moved` entry renames from is
offered the new one, as one run's plan offers it (tests/plan/test_a_target_or_exclude_naming_a_moved_
entitys_old_address_is_offered_its_new_one.py); the shard's plan offered the address nearest in
spelling, 'dam-a/crest/pz-1', a sensor of the crest."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.commands.plan import PlanRequest, plan_command
from iotplan.errors import PlanError
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import desired_state
from iotplan.plan.model import PlanOptions
from tests.commands.test_paged_lists_read_again import applied, run
from tests.guards.fleet import PROJECT, load
from tests.plan.test_a_target_or_exclude_naming_a_moved_entitys_old_address_is_offered_its_new_one import (
    APPLIED_MOVE,
)

BEFORE = APPLIED_MOVE.format(project=PROJECT, logger="logger-1", moved="")
AFTER = APPLIED_MOVE.format(
    project=PROJECT, logger="crest", moved="moved:\n  - {from: dam-a/logger-1, to: dam-a/crest}\n"
)


def refusal(db: Path, manifest: str, options: PlanOptions, shard: Shard) -> str:
    desired = desired_state(load(manifest), shard=shard)
    request = PlanRequest(desired, options=options, shard=shard)
    with pytest.raises(PlanError) as raised:
        run(db, lambda target: plan_command(target, request, {}))
    return str(raised.value)


@pytest.mark.parametrize("manifest", [BEFORE, AFTER], ids=["move-planned", "move-applied"])
@pytest.mark.parametrize("flag", ["targets", "excludes"])
@pytest.mark.parametrize("shard", [Shard(1, 2), Shard(2, 2)], ids=["shard-1", "shard-2"])
def test_a_shards_fence_naming_the_old_address_is_offered_its_new_one(
    tmp_path: Path, manifest: str, flag: str, shard: Shard
) -> None:
    db = tmp_path / "sim.db"
    applied(db, BEFORE)
    if manifest == AFTER:
        applied(db, AFTER)
    message = refusal(db, AFTER, PlanOptions(**{flag: ("dam-a/logger-1",)}), shard)
    assert "did you mean 'dam-a/crest' (moved from dam-a/logger-1)?" in message, message


# Two dams' loggers, one dam's connection renamed: its logger's old address, dam-a/logger, is one letter
# from dam-b/logger, another dam's, which the shard not holding the moved connection offered, so copying
# it into --exclude fenced the wrong site.
TWO_DAMS = (
    "apiVersion: iotplan/v1\nstack: st\nprojects:\n  - id: {project}\n    nodes:\n"
    "      - key: {dam}\n        kind: api\n        name: dam\n        devices:\n"
    "          - key: logger\n            name: logger\n            sensors:\n"
    "              - {{key: pz-1, template: TEMPERATURE_SDE}}\n"
    "      - key: dam-b\n        kind: api\n        name: dam b\n        devices:\n"
    "          - key: logger\n            name: logger\n            sensors:\n"
    "              - {{key: pz-1, template: TEMPERATURE_SDE}}\n"
    "{moved}"
)
DAMS_BEFORE = TWO_DAMS.format(project=PROJECT, dam="dam-a", moved="")
DAMS_AFTER = TWO_DAMS.format(project=PROJECT, dam="clyde", moved="moved:\n  - {from: dam-a, to: clyde}\n")


@pytest.mark.parametrize("applied_first", [False, True], ids=["move-planned", "move-applied"])
@pytest.mark.parametrize("flag", ["targets", "excludes"])
@pytest.mark.parametrize("shard", [Shard(1, 2), Shard(2, 2)], ids=["shard-1", "shard-2"])
@pytest.mark.parametrize("old", ["dam-a/logger", "dam-a/logger/pz-1"])
def test_a_fence_naming_the_old_address_of_a_moved_connections_child_is_offered_its_new_one(
    tmp_path: Path, applied_first: bool, flag: str, shard: Shard, old: str
) -> None:
    """In every shard, the one holding the renamed connection or not: the child's new address."""
    db = tmp_path / "sim.db"
    applied(db, DAMS_BEFORE)
    if applied_first:
        applied(db, DAMS_AFTER)
    message = refusal(db, DAMS_AFTER, PlanOptions(**{flag: (old,)}), shard)
    new = old.replace("dam-a", "clyde", 1)
    assert f"did you mean {new!r} (moved from {old})?" in message, message
