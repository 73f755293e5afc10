"""A Markdown plan says each distinct update once, with where and how many, as the text plan does: a
port setting changed on fz76's 40 gateways was 40 blocks alike, of which the comment held 18; and a
setting that may cut a gateway off is not coloured as a removal (`-     ! may cut ...`)."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.thread_fleet import thread_fleet

BATTERY_SAVER = (
    '! ~ battery_saver: {"enabled": false} → {"enabled": true, "low": 20, "high": 90} on 42 gateways '
    "(s01, s02, s03 and 39 more)"
)


def test_each_distinct_update_is_said_once_and_none_past_the_blocks_cut(workspace: Workspace) -> None:
    fleet = thread_fleet(workspace)

    markdown = workspace.run("plan", *fleet, "--format", "markdown").stdout

    assert len(markdown) <= 65_536
    assert "**23 distinct updates on 42 gateways:**" in markdown
    assert BATTERY_SAVER in markdown  # the last of 23: the text plan counts it among `13 more`
    assert "more connections are not shown here" in markdown


def test_a_setting_that_may_cut_a_gateway_off_is_no_removal_line(workspace: Workspace) -> None:
    markdown = workspace.run("plan", *thread_fleet(workspace), "--format", "markdown").stdout

    cut_off = [line for line in markdown.splitlines() if "may cut the gateway off" in line]
    assert cut_off and all(line.startswith("!") for line in cut_off)
