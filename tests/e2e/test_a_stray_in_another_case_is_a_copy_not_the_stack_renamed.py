"""A device made by hand carrying `QUICKSTART:dam-a/dev9` beside stack `quickstart`, whose eight
entities all carry `quickstart:` (fz101): adding `dam-a/dev9` was refused as "This stack looks renamed
from 'QUICKSTART' in case only: keep `stack: QUICKSTART`", which would disown all eight. The stack owns
live entities as it spells itself, so the stray is a copy, refused as one: named, with what it holds."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.stray_in_another_case import add_dev9, assert_told_as_a_copy, stray


def test_a_stray_in_another_case_is_a_copy_not_the_stack_renamed(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.integrate_under("quickstart:dam-a", [stray("QUICKSTART:dam-a/dev9")])
    stray_id = workspace.live_entity("QUICKSTART:dam-a/dev9")["id"]
    add_dev9(workspace)

    refused = workspace.run("plan", QUICKSTART)

    assert refused.exit_code == 1, refused.output
    assert_told_as_a_copy(refused.stderr, stray_id, "QUICKSTART:dam-a/dev9", "quickstart")
