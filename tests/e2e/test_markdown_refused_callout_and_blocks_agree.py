"""The Markdown plan's refused callout and its connection blocks say each refused gateway once, and
its `more` counts say where the rest are: of 200 THREADs with 120 refused, the callout named 52 and
said `68 more are not shown here` while all 120 had a block below, and those blocks, each the
callout's line again, cut 73 of the 80 gateways with changes. Blocks that write come first since,
so there the refused left are counted as not shown; with 60 THREADs, 58 refused, they are below."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.thread_fleet import swap_gateways, thread_fleet


@pytest.mark.parametrize(
    ("threads", "refused", "in_blocks_below"), [(200, 120, False), (60, 58, True)], ids=["cut", "below"]
)
def test_each_refused_gateway_is_named_once_and_the_rest_counted_where_they_are(
    workspace: Workspace, threads: int, refused: int, in_blocks_below: bool
) -> None:
    fleet = thread_fleet(workspace, threads)
    for first in range(1, refused, 2):
        swap_gateways(workspace, first, first + 1)

    markdown = workspace.run("plan", *fleet, "--format", "markdown").stdout

    named = re.findall(r"^> - refused edge `(\S+)`", markdown, re.MULTILINE)
    in_blocks = re.findall(r"^- ! edge (\S+):", markdown, re.MULTILINE)
    below = re.search(r"^> - _(\d+) more (?:is|are) in (?:its|their) connection", markdown, re.MULTILINE)
    nowhere = re.search(r"^> - _(\d+) more (?:is|are) not shown here", markdown, re.MULTILINE)
    assert len(markdown) <= 65_536
    assert named and bool(in_blocks) is in_blocks_below and not set(named) & set(in_blocks)
    assert (int(below[1]) if below else 0) == len(in_blocks)
    assert len(named) + len(in_blocks) + (int(nowhere[1]) if nowhere else 0) == refused
