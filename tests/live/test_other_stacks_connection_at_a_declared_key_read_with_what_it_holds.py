"""Another stack's connection at the key of a declared connection is read with what it holds, whether
the plan creates that connection or finds it, whichever way the read goes and whichever shard reads
it for orphans: the plan tells a stack renamed with a name edited from another network using the key
only by those devices and sensors (plan/renamed_stack.py), where it creates the connection and where
it creates a device under this stack's (a renamed stack's connection applied first without devices).
Once, they were let go unread, and then read only where the connection was created."""

from __future__ import annotations

import pytest

from iotplan.live.read import ProjectScope
from iotplan.plan.coverage import Shard
from tests.guards.test_read import PROJECT, Platform, device, node, read, sensor

CREATED = "site-00"  # the declared connection's key


def held_elsewhere(shard: Shard) -> str:
    """A connection id whose address (`#` and its short id) another shard holds."""
    return next(f"/api/{n:06X}/node" for n in range(1, 1000) if not shard.holds(f"#{n:06X}"))


def held_here(shard: Shard, count: int) -> list[str]:
    """Connection ids (another tool's) this shard reads for orphans."""
    return [f"/api/{n:06X}/node" for n in range(0xA00000, 0xA01000) if shard.holds(f"#{n:06X}")][:count]


@pytest.mark.parametrize("found", [False, True])  # the declared connection created, or found
@pytest.mark.parametrize("others_here", [0, 3])  # its read one by one; (more to read) through the lists
def test_another_stacks_connection_at_a_declared_key_is_read_with_its_devices_and_sensors(
    others_here: int, found: bool
) -> None:
    shard = next(each for each in (Shard(1, 2), Shard(2, 2)) if each.holds(CREATED))
    old = node(held_elsewhere(shard), f"old:{CREATED}")
    logger = device(old["id"], "00000D", f"old:{CREATED}/logger")
    piezometer = sensor(logger, "00000F", f"old:{CREATED}/logger/pz")
    others = [node(node_id, "another-tool") for node_id in held_here(shard, others_here)]
    ours = [node("/api/0C0C0C/node", f"site:{CREATED}")] if found else []
    platform = Platform([old, *others, *ours], [logger], [piezometer])
    scope = ProjectScope(PROJECT, frozenset(), frozenset({f"site:{CREATED}"}), "site:", holds=shard.holds)

    project = read(platform, scope).projects[PROJECT]

    (held,) = project.other_stacks_at_keys.values()
    assert held.node.id == old["id"]
    assert [each.id for each in held.devices] == [logger["id"]]
    assert [each.id for each in held.sensors_of(held.devices[0])] == [piezometer["id"]]
    assert ("list_devices" in platform.count()) == bool(others_here)
    assert not project.strays  # read for the plan's creations, not for orphans: another shard's to prune
