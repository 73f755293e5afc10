"""A Markdown plan too long for one comment still names each refused gateway and why: fz76's 42 THREADs
with two boxes swapped said `refused 2` in its table and cut both identity mismatches with the 22
connection blocks left out."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.thread_fleet import swap_gateways, thread_fleet


def test_a_swapped_box_is_named_with_its_mismatch_in_a_cut_comment(workspace: Workspace) -> None:
    fleet = thread_fleet(workspace)
    swap_gateways(workspace, 41, 42)

    markdown = workspace.run("plan", *fleet, "--format", "markdown").stdout

    assert len(markdown) <= 65_536
    assert "reports serial A0002A, not A00029" in markdown
    assert "reports serial A00029, not A0002A" in markdown
