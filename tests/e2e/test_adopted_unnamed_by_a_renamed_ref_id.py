"""A device adopted by another stack's `ref_id:` with no name of its own, once that stack renamed it
with `moved`: found by its sensors alone, it was told to get its SERIAL_NO back, which would undo
that stack's rename."""

from __future__ import annotations

from tests.e2e.adopted_by_ref_id import adopted_then_renamed_by_its_stack
from tests.e2e.conftest import Workspace


def test_an_unnamed_adoption_the_owning_stack_renamed_is_told_to_follow_the_rename(
    workspace: Workspace,
) -> None:
    refused = adopted_then_renamed_by_its_stack(workspace)
    assert refused.exit_code == 1
    assert "update it to `ref_id: quickstart:dam-a/logger-x`" in refused.stderr, refused.stderr
    assert "SERIAL_NO back" not in refused.stderr and "removes it" not in refused.stderr, refused.stderr
