"""A site cut from one stack's manifest and pasted into another's: the likeliest reason the other
stack's entity stands at this address, once told only as "this stack looks renamed" (fz65 #3). Still
refused: an entity cannot move between stacks."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_review_cases import converges


def test_a_site_pasted_into_another_stack_is_refused_saying_it_cannot_move(workspace: Workspace) -> None:
    converges(workspace)
    pasted = (workspace.path / QUICKSTART).read_text().replace("stack: quickstart ", "stack: south ")
    (workspace.path / "south.yaml").write_text(pasted)
    refused = workspace.run("plan", "south.yaml")
    assert refused.exit_code == 1, refused.output
    assert (
        "carries 'quickstart:dam-a', this address in stack 'quickstart': it was likely moved here from the "
        "manifest of stack 'quickstart'" in refused.stderr
    )
    assert (
        "keep this entity in the manifest of stack 'quickstart', or give it another key here"
        in refused.stderr
    )
