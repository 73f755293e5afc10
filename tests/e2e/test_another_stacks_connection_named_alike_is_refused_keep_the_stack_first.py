"""A stack renamed with its connection re-keyed (dam-a to dam-x, no `moved`) meets stack quickstart's
connection named alike (cr80 #4): the refusal said "pin it with `id:`, or give this one another name",
and following it (the name edited) planned the network anew. It says to keep `stack: quickstart`
first, and offers no other name."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.stack_rename import V2, applied, edited, said


def test_another_stacks_connection_named_alike_is_refused_keep_the_stack_first(workspace: Workspace) -> None:
    assert applied(workspace).exit_code == 0
    refused = applied(workspace, edited(workspace, V2, ("key: dam-a", "key: dam-x")))
    assert refused.exit_code == 1, refused.output
    text = said(refused)
    assert "belongs to stack 'quickstart'" in text
    assert text.index("keep `stack: quickstart`") < text.index("pin it with `id:")
    assert "give this one another name" not in text
