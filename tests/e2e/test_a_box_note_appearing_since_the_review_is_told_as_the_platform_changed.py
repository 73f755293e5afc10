"""A saved plan creating a THREAD logger whose box no other THREAD held when it was reviewed, applied
once another THREAD holds that box (another stack created it there since): the line now notes where
the box is, which its review did not show. Refused as the platform changed, naming the note, where it
was refused as the file's edit ("was the plan file edited or cut?"), a false cause."""

from __future__ import annotations

from tests.e2e.box_notes import box_held_under, write_site
from tests.e2e.conftest import Workspace


def test_a_box_note_appearing_since_the_review_is_told_as_the_platform_changed(workspace: Workspace) -> None:
    write_site(workspace, "032433")
    planned = workspace.run("plan", "b.yaml", "--out", "plan.json")
    assert planned.exit_code == 0 and "is also under THREAD" not in planned.stdout, planned.output
    box_held_under(workspace, "4A1B2C", "032433")

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 1, applied.output
    assert "was the plan file edited or cut?" not in applied.stderr, applied.stderr
    assert (
        "the platform changed since the plan was made, and the plan now notes what its review did not show: "
        "t-b/vw: logger VW_LOGGER serial '032433' is also under THREAD /fn/4A1B2C/node"
    ) in " ".join(applied.stderr.split()), applied.stderr
    assert "+ device t-b/vw" in workspace.run("plan", "b.yaml").stdout  # nothing written
