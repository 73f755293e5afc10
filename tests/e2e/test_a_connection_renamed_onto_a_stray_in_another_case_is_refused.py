"""A connection renamed with a `moved` entry while another tool made an empty connection carrying
its new refId in another case (`quickstart:DAM-B`, fz98): a copy to a platform that may match refIds
without case. The plan went on ("8 to change, 1 duplicate") and apply renamed dam-a onto it, leaving
`quickstart:DAM-B` and `quickstart:dam-b` both live. Now the rename is refused as one onto a live
entity, the stray found in any case and named with what each holds, and nothing is written."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

STRAY = {"integration": {"changeState": "new", "refId": "quickstart:DAM-B", "props": {"NAME": "other tool"}}}


def test_a_connection_renamed_onto_a_stray_in_another_case_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.integrate(STRAY)
    old = workspace.live_entity("quickstart:dam-a")["id"]
    stray = workspace.live_entity("quickstart:DAM-B")["id"]
    workspace.edit(QUICKSTART, "- key: dam-a\n", "- key: dam-b\n")
    workspace.edit(QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a, to: dam-b}\ndefaults:\n")

    applied = workspace.run("apply", QUICKSTART, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.output.split())
    assert "dam-b: moved: both dam-a and dam-b exist on the platform" in said
    assert "the move does not look made" in said
    assert f"connection {stray} named 'other tool' (SERIAL_NO 'quickstart:DAM-B')" in said
    assert workspace.live_entity("quickstart:dam-a")["id"] == old  # not renamed
    assert workspace.live_entity("quickstart:DAM-B")["id"] == stray
    with pytest.raises(KeyError):  # no second connection beside the stray
        workspace.live_entity("quickstart:dam-b")
