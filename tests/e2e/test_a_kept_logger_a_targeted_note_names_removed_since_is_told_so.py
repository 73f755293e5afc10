"""A logger kept on a THREAD's port 1 (on the platform, not declared), and a `--target t1/edge` plan
changing port 1's link, its line noting it cuts off that logger's readings: a targeted plan holds no
entry of it. Saved, then the kept logger removed in the web app before the apply. Refused (its name
is known to neither the plan nor the platform now), but said as "the plan file shows its writes
otherwise than a plan made now, on a platform that reads as it did" (cr138), which is false: the
platform changed. The refusal says what it knows: the file was edited, or the logger removed since."""

from __future__ import annotations

from iotplan.sim.store import Store
from tests.e2e.awaiting_confirmation import BASE, NODE, applied_base, gateway_port
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import rpc

KEPT = f"{NODE}/demo/HAND01/device"


def test_a_kept_logger_a_targeted_note_names_removed_since_is_told_so(workspace: Workspace) -> None:
    applied_base(workspace)
    props = {"NODE_ID": NODE, "NAME": "crew", "EXTERNAL_PORT": 1}
    rpc(workspace, "createDevice", {"device": KEPT, "type": "DEMO", "props": props})
    (workspace.path / "cut.yaml").write_text(BASE.replace("comm_type: RS485", "comm_type: RS232"))
    planned = workspace.run("plan", "cut.yaml", "--target", "t1/edge", "--out", "plan.json")
    assert "t1/#HAND01 (0 observations)" in planned.stdout, planned.output
    store = Store(workspace.path / ".iotplan" / "sim.db")
    try:
        store.delete_tree(KEPT)  # in the web app: the API documents no removal of a THREAD's device
    finally:
        store.close()

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 1, applied.output
    assert "a platform that reads as it did" not in applied.stderr, applied.stderr
    assert "its note names t1/#HAND01, which neither the plan nor the platform now knows" in applied.stderr
    assert "the plan file was edited, or t1/#HAND01 was removed since" in applied.stderr, applied.stderr
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS485"
