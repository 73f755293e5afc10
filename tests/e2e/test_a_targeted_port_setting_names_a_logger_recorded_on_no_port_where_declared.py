"""`--target t1/edge` with port 1's link changed (`comm_type: RS232`) where the platform records THREAD
logger t1/vw, declared on port 1, on no port (its EXTERNAL_PORT cleared, as another tool may make it):
the whole plan's line named it on port 1, but the selection, asking the port the platform records it
on alone, found none and named nobody, and apply cut its readings off unannounced (cr129 F1). It is on
the port the manifest declares, as the whole plan has it: port 1's line names it, and the plan saved
so applies as reviewed."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import BASE, LOGGER, applied_base, gateway_port
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import rpc

NOTE = "port 1 feeds t1/vw (0 observations): this cuts off its readings, not the gateway"


def test_a_targeted_port_setting_names_a_logger_recorded_on_no_port_where_declared(
    workspace: Workspace,
) -> None:
    applied_base(workspace)
    rpc(workspace, "updateDevice", {"device": LOGGER, "props": {"EXTERNAL_PORT": None}})
    (logger,) = rpc(workspace, "getDevices", {"devices": [LOGGER]})
    assert logger["props"].get("EXTERNAL_PORT") is None, logger
    (workspace.path / "relinked.yaml").write_text(BASE.replace("comm_type: RS485", "comm_type: RS232"))
    whole = workspace.run("plan", "relinked.yaml")
    assert NOTE in whole.stdout, whole.output

    planned = workspace.run("plan", "relinked.yaml", "--target", "t1/edge", "--out", "plan.json")

    assert planned.exit_code == 0, planned.output
    port1 = next(line for line in planned.stdout.splitlines() if "port1.comm_type" in line)
    assert NOTE in port1, planned.stdout
    applied = workspace.run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS232"
