"""A stack renamed, its connection's key re-spelt in case only (dam-a to Dam-A, which refIds fold
alike: A1++) and its name edited (cr80 #3): the keys were compared exactly, nothing was found, 8 to
add, exit 0. Compared folded, stack quickstart's connection stands at Dam-A."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.stack_rename import CONN, V2, applied, edited, made_by_v2, said


def test_stack_renamed_with_its_connection_key_in_another_case_creates_nothing(workspace: Workspace) -> None:
    assert applied(workspace).exit_code == 0
    result = applied(workspace, edited(workspace, V2, CONN, ("key: dam-a", "key: Dam-A")))
    assert result.exit_code == 1, result.output
    assert "carries 'quickstart:dam-a'" in said(result)  # told by what it holds, found at Dam-A
    assert made_by_v2(workspace)["nodes"] == 0
