"""`--exclude` of a THREAD logger whose manifest moves it off port 1 (to port 3), with port 1's link
changed (`comm_type: RS232`): the refusal of a setting cutting off an excluded logger asked only
the port the manifest declares, 3, so port 1's link was written, exit 0, "Verified", while the
platform still records the logger on port 1, its move fenced off: its readings cut off without a
word. Its cable may be on either port, so the setting is refused, naming both ports."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import BASE, applied_base
from tests.e2e.conftest import Workspace


def test_a_link_change_on_the_port_an_excluded_logger_is_recorded_on_is_refused(
    workspace: Workspace,
) -> None:
    applied_base(workspace)
    moved = BASE.replace("port: 1\n", "port: 3\n").replace("comm_type: RS485", "comm_type: RS232")
    (workspace.path / "moved.yaml").write_text(moved)

    refused = workspace.run("apply", "moved.yaml", "--exclude", "t1/vw", "--auto-approve")

    assert refused.exit_code == 1, refused.output
    assert (
        "t1/edge/port1.comm_type: its update may cut off the readings of t1/vw, which --exclude leaves "
        "alone: its move to port 3 is excluded, the platform records it on port 1, and its cable may be "
        "on either; exclude it too (--exclude 't1/edge/port1.comm_type'), or narrow the exclusion"
    ) in refused.stderr, refused.output
    assert "No changes." in workspace.run("plan", "base.yaml").stdout  # port 1 still RS485
