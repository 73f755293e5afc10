"""`shares_keys_with: [quickstart]` in a stack renamed with its connection named otherwise (cr80 #2):
both devices, named alike at their very addresses in stack quickstart, and their sensors were made, 8
to add. The line waives what an entity named otherwise holds, never a device named as declared."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.stack_rename import CONN, SHARE, V2, applied, edited, made_by_v2, said


def test_shares_keys_with_never_waives_a_device_named_alike_at_its_address(workspace: Workspace) -> None:
    assert applied(workspace).exit_code == 0
    result = applied(workspace, edited(workspace, V2, CONN, SHARE))
    assert result.exit_code == 1, result.output
    assert "holds device" in said(result)
    assert "waives nothing named as declared at its very address" in said(result)
    assert made_by_v2(workspace) == {"nodes": 0, "devices": 0, "sensors": 0}
