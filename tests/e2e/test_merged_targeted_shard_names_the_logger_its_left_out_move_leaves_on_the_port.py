"""A `--shard 1/1 --target t1/edge` plan, merged, of a manifest that moves THREAD logger t1/vw from
port 1 to port 3 and changes the link of both ports: the shard selects as one run does, so port 1's
line and port 3's name the logger its left-out move may leave on either; the merged plan, applied,
meets a fresh read of that selection naming the same, and is not refused as the platform changed."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import applied_base, gateway_port
from tests.e2e.conftest import Workspace
from tests.e2e.test_a_targeted_port_setting_names_the_loggers_left_on_its_port import MOVED, NOTE


def test_merged_targeted_shard_names_the_logger_its_left_out_move_leaves_on_the_port(
    workspace: Workspace,
) -> None:
    applied_base(workspace)
    (workspace.path / "moved.yaml").write_text(MOVED)
    sharded = workspace.run("plan", "moved.yaml", "--target", "t1/edge", "--shard", "1/1", "--out", "1.json")
    assert sharded.exit_code in (0, 2), sharded.output  # a shard with changes exits 2
    merged = workspace.run("merge", "1.json", "--out", "merged.json")
    assert merged.exit_code in (0, 2), merged.output

    shown = workspace.run("show", "merged.json")

    port1 = next(line for line in shown.stdout.splitlines() if "port1.comm_type:" in line)
    port3 = next(line for line in shown.stdout.splitlines() if "port3.comm_type:" in line)
    assert NOTE.format(port=1) in port1, shown.output
    assert NOTE.format(port=3) in port3, shown.output
    applied = workspace.run("apply", "merged.json")
    assert applied.exit_code == 0, applied.output
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS232"
