"""200 THREADs, 120 refused: the comment showed the 68 refused gateways the callout does not name, each
a one-line block writing nothing (`1 refused, 1 unchanged`), and cut 68 of the 80 gateways with writes
(`68 more connections are not shown here`). A block that writes is what a reviewer approves: it comes
first, and the callout counts the refused gateways it has no room for."""

from __future__ import annotations

import re

from tests.e2e.conftest import Workspace
from tests.e2e.thread_fleet import swap_gateways, thread_fleet

REFUSED = 120


def test_no_block_writing_nothing_is_shown_while_a_block_that_writes_is_cut(workspace: Workspace) -> None:
    fleet = thread_fleet(workspace, 200)
    for first in range(1, REFUSED, 2):
        swap_gateways(workspace, first, first + 1)
    markdown = workspace.run("plan", *fleet, "--format", "markdown").stdout
    summaries = re.findall(r"<summary>(.*?)</summary>", markdown)
    writing_nothing = [summary for summary in summaries if "to " not in summary]
    cut = re.search(r"_(\d+) more connections? (?:is|are) not shown here", markdown)
    assert cut, "the comment holds every block: nothing here to rank"
    assert not writing_nothing, (len(writing_nothing), cut[1])
