"""The THREAD of examples/thread asleep while its node, loggers and sensors are created: its block's
summary said `9 to add, 1 to change, 1 pending`, but the pending gateway's line had moved to the
callout above, so the block counted a line it did not hold and said nothing of where it went. The
block keeps a line for it, pointing to the callout, which alone says why."""

from __future__ import annotations

import re

from tests.e2e.conftest import Workspace


def test_a_block_counting_a_pending_gateway_has_a_line_for_it(workspace: Workspace) -> None:
    workspace.api("POST", "/_sim/gateways/6C7D8E", json={"status": "asleep"})
    markdown = workspace.run("plan", "examples/thread/site.yaml", "--format", "markdown").stdout
    callout, block = markdown.split("<details>", 1)
    summary = re.search(r"<summary>.*, (\d+) pending</summary>", block)
    assert summary, block[:300]
    said = re.findall(r"^. … edge (\S+): (.*)$", block, re.MULTILINE)
    assert len(said) == int(summary[1]), block
    named = re.findall(r"^> - pending edge `(\S+)`: (.*)$", callout, re.MULTILINE)
    assert [address for address, _ in said] == [address for address, _ in named]
    assert all(why not in block for _, why in named), block  # the reason is said once, in the callout
