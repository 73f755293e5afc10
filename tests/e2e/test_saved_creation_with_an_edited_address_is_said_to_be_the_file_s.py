"""A creation's address edited in a saved plan (pz-1 to pz-9) was refused as "the platform changed
since the plan was made (dam-a/logger-1/pz-9)": nothing stands there, and the manifest, unchanged,
declares nothing there, so only the file can have put a write there. Said so, nothing written."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.saved_address_edit import plan_with_pz1_moved_to_pz9


def test_saved_creation_with_an_edited_address_is_said_to_be_the_file_s(workspace: Workspace) -> None:
    plan_with_pz1_moved_to_pz9(workspace)

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    assert (
        "the plan file was edited: it writes dam-a/logger-1/pz-9, where the manifest declares nothing and "
        "nothing stands on the platform"
    ) in refused.stderr
    assert "the platform changed" not in refused.stderr
    with pytest.raises(KeyError):
        workspace.live_entity("quickstart:dam-a")
