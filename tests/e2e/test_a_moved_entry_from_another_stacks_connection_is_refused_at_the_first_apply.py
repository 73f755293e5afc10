"""`moved: {from: dam-a, to: dam-x}` in a stack renamed, its connection named otherwise and applied
first with `devices: []` (cr80 #5): made, exit 0; a second apply dropping the `moved` entry linked
dam-x to dam-a no more, 7 to add. The first apply lands on stack quickstart's key by `moved`: refused,
naming it."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.stack_rename import CONN, MOVED, V2, applied, edited, made_by_v2, said, without_devices


def test_a_moved_entry_from_another_stacks_connection_is_refused_at_the_first_apply(
    workspace: Workspace,
) -> None:
    assert applied(workspace).exit_code == 0
    full = edited(workspace, V2, CONN, ("key: dam-a", "key: dam-x"))
    first = applied(workspace, without_devices(full) + MOVED)
    assert first.exit_code == 1, first.output
    assert (
        f"would create at keys stack 'quickstart' uses in project {PROJECT} (dam-a (moved to dam-x))"
        in said(first)
    )
    assert made_by_v2(workspace) == {"nodes": 0, "devices": 0, "sensors": 0}
