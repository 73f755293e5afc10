"""A saved plan changing port 1's link (which cuts off the loggers on it, its line naming them) is
applied after someone put another logger on port 1: refused, nothing written, and said as what it is,
the platform changed and the note names a logger its review did not, not as the plan file edited
(cr97's masking of the counts left a logger new on the port told as "was the plan file edited or cut?")."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import BASE, NODE, applied_base, gateway_port
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import rpc


def test_a_logger_put_on_a_cut_off_port_since_the_review_is_no_edit(workspace: Workspace) -> None:
    applied_base(workspace)
    (workspace.path / "cut.yaml").write_text(BASE.replace("comm_type: RS485", "comm_type: RS232"))
    planned = workspace.run("plan", "cut.yaml", "--out", "plan.json")
    assert "port 1 feeds t1/vw (0 observations)" in planned.stdout, planned.output
    props = {"NODE_ID": NODE, "NAME": "crew logger", "EXTERNAL_PORT": 1}
    rpc(workspace, "createDevice", {"device": f"{NODE}/demo/HAND01/device", "type": "DEMO", "props": props})

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 1, applied.output
    assert "edited" not in applied.stderr, applied.stderr
    assert "the platform changed since the plan was made" in applied.stderr, applied.stderr
    assert "t1/#HAND01" in applied.stderr, applied.stderr
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS485"
