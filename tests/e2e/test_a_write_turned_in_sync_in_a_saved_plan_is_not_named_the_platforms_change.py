"""A saved plan renames a crack meter and a tiltmeter; before its apply, the tiltmeter's write is
edited by hand into an in-sync line whose `before` is its `after`. The apply reads the file as it
stands, so the check that it still holds the plan whose digest the apply showed passes, and the
platform is untouched: the file alone cannot tell the platform changed, so the refusal keeps the edit
as the other cause, with the digest to compare, and nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.saved_write_turned_in_sync import (
    plan_with_tilt1_turned_in_sync,
    saved_plan_refused_with_its_digest,
)


def test_a_write_turned_in_sync_in_a_saved_plan_is_not_named_the_platforms_change(
    workspace: Workspace,
) -> None:
    plan_with_tilt1_turned_in_sync(workspace)

    said, digest = saved_plan_refused_with_its_digest(workspace)

    assert said.endswith(
        "Error: 1 entity the plan held in sync reads otherwise now than the plan file says the platform held "
        "(dam-a/logger-1/tilt-1: its name): either the platform changed since the plan was made, in the "
        f"web app or by another writer, or the plan file was edited (compare the digest above, {digest}, "
        "with its review's): run iotplan plan again\n"
    ), said
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["props"]["NAME"] == "Crack meter CM-1"
    assert workspace.live_entity("quickstart:dam-a/logger-1/tilt-1")["props"]["NAME"] == "Tiltmeter TM-1"
