"""Two connections whose refIds fold alike (`dams:dam-a`, `dams:DAM-A`): the platform may hold them
as one, so import declares the one its devices' refIds name, by its key, and leaves the twin out
with a comment, counted, for plans to show as the duplicate it may be; never both declared, one by
`id:`, which planned "No changes" over two entities the platform may take for one."""

from __future__ import annotations

from iotplan.live.model import LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action
from iotplan.render.imported import render_import
from tests.render.test_imported import PROJECT, connection, entity, nodes, ours, project


def test_the_connection_its_devices_name_keeps_the_key_and_its_empty_twin_is_left_out_as_a_copy() -> None:
    twin = connection(entity("/api/0A0A0A/node", SERIAL_NO="dams:DAM-A", NAME="Dam A copy"))
    live = project(ours(), twin)
    imported = render_import([live], "dams", "the embedded platform")
    [node] = nodes(imported.text)
    assert node["key"] == "dam-a" and "id" not in node
    assert '# connection /api/0A0A0A/node (refId "dams:DAM-A") is not declared' in imported.text
    assert imported.left_as_copies == 1
    plan = make_plan(desired_state(parse_manifest(imported.text, "i.yaml")), LiveState("e", {PROJECT: live}))
    assert {change.action for change in plan.changes} == {Action.NOOP, Action.DUPLICATE}


def test_a_twin_holding_the_stacks_devices_is_declared_so_none_is_taken_for_an_orphan() -> None:
    node = entity("/api/0A0A0A/node", SERIAL_NO="dams:DAM-A", NAME="Dam A copy")
    device = entity(f"{node.id}/dynamic/0B0B0B/device", node.id, SERIAL_NO="dams:dam-a/logger-9")
    imported = render_import([project(ours(), connection(node, (device, [])))], "dams", "the platform")
    assert imported.left_as_copies == 0 and len(nodes(imported.text)) == 2
