"""A `--target t1/edge` plan changing port 1's link, saved while the manifest moves logger t1/vw from
port 1 (where the platform records it) to port 2: its move left out, port 1's line says it may cut
off the logger's readings. Someone then moved the logger to port 2 in the web app: port 1 now cuts
off fewer loggers than reviewed, yet apply refused "was the plan file edited or cut?" (cr131 F1). It
applies, as a plan naming fewer than its review does."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import BASE, LOGGER, applied_base, gateway_port
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import rpc


def test_a_logger_leaving_a_targeted_cut_off_port_since_the_review_applies(workspace: Workspace) -> None:
    applied_base(workspace)
    moved = BASE.replace("port: 1\n", "port: 2\n").replace("comm_type: RS485", "comm_type: RS232")
    (workspace.path / "moved.yaml").write_text(moved)
    planned = workspace.run("plan", "moved.yaml", "--target", "t1/edge", "--out", "plan.json")
    assert "port 1 may feed t1/vw (0 observations)" in planned.stdout, planned.output
    rpc(workspace, "updateDevice", {"device": LOGGER, "props": {"EXTERNAL_PORT": 2}})

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 0, applied.output
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS232"
