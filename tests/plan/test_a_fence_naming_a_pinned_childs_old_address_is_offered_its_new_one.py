"""A device or sensor pinned by `ref_id:` under a connection a `moved` entry renames keeps its refId,
so the plan has no MOVED change of its own for it, and the manifest's entry names only the
connection: a --target or --exclude naming the child's old address was offered the address nearest
in spelling (another site's child), while an un-pinned sibling was offered its new address. Now the
pinned child is offered its new one too, in one run and under --shard, the move planned or applied."""

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

# dam-a's logger pinned by `ref_id:`, its pz-1 too; dam-b's logger one letter from dam-a's old address.
TWO_DAMS = (
    "apiVersion: iotplan/v1\nstack: st\nprojects:\n  - id: {project}\n    nodes:\n"
    "      - key: {dam}\n        kind: api\n        name: dam\n        devices:\n"
    "          - key: logger\n            name: logger\n            ref_id: legacy:logger\n"
    "            sensors:\n"
    "              - {{key: pz-1, template: TEMPERATURE_SDE, ref_id: 'legacy:pz-1'}}\n"
    "      - key: dam-b\n        kind: api\n        name: dam b\n        devices:\n"
    "          - key: logger\n            name: logger\n            sensors:\n"
    "              - {{key: pz-1, template: TEMPERATURE_SDE}}\n"
    "{moved}"
)
BEFORE = TWO_DAMS.format(project=PROJECT, dam="dam-a", moved="")
AFTER = TWO_DAMS.format(project=PROJECT, dam="clyde", moved="moved:\n  - {from: dam-a, to: clyde}\n")
SHARDS = [None, Shard(1, 2), Shard(2, 2)]


def refusal(db: Path, options: PlanOptions, shard: Shard | None) -> str:
    desired = desired_state(load(AFTER), shard=shard)
    request = PlanRequest(desired, options=options, shard=shard)
    with pytest.raises(PlanError) as raised:
        run(db, lambda target: plan_command(target, request, {}))
    return str(raised.value)


@pytest.mark.parametrize("applied_first", [False, True], ids=["move-planned", "move-applied"])
@pytest.mark.parametrize("flag", ["targets", "excludes"])
@pytest.mark.parametrize("shard", SHARDS, ids=["one-run", "shard-1", "shard-2"])
@pytest.mark.parametrize("old", ["dam-a/logger", "dam-a/logger/pz-1"])
def test_a_fence_naming_a_pinned_childs_old_address_is_offered_its_new_one(
    tmp_path: Path, applied_first: bool, flag: str, shard: Shard | None, old: str
) -> None:
    db = tmp_path / "sim.db"
    applied(db, BEFORE)
    if applied_first:
        applied(db, AFTER)
    message = refusal(db, PlanOptions(**{flag: (old,)}), shard)
    new = old.replace("dam-a", "clyde", 1)
    assert f"did you mean {new!r} (moved from {old})?" in message, message  # was: 'dam-b/logger'
