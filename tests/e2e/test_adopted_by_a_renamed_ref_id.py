"""A device adopted by another stack's `ref_id:`, once that stack renamed it with `moved`."""

from __future__ import annotations

from tests.e2e.adopted_by_ref_id import adopted_then_renamed_by_its_stack
from tests.e2e.conftest import Workspace


def test_an_adoption_by_ref_id_the_owning_stack_renamed_is_refused_naming_the_ref_id_it_has_now(
    workspace: Workspace,
) -> None:
    refused = adopted_then_renamed_by_its_stack(workspace, name="Crest datalogger")
    assert refused.exit_code == 1
    assert "update it to `ref_id: quickstart:dam-a/logger-x`" in refused.stderr, refused.stderr
