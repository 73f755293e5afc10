"""A saved plan made while a THREAD was asleep is applied as planned once it wakes, but only its
waking is forgiven: a logger renamed in the web app since, where the plan updates it, still refuses
the whole apply, nothing written to the platform or the gateway."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import LOGGER, SHOWN, applied_base, entity_ids, gateway_port
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import rpc

GATEWAY = "/_sim/gateways/6C7D8E"


def test_a_saved_plan_with_a_gateway_pending_is_refused_when_the_platform_changed(
    workspace: Workspace,
) -> None:
    before = applied_base(workspace)
    workspace.api("POST", GATEWAY, json={"status": "asleep"})
    shown = SHOWN.replace("sampling_rate_max: 0.001", "sampling_rate_max: 0.002")
    (workspace.path / "shown.yaml").write_text(shown)
    assert workspace.run("plan", "shown.yaml", "--out", "shown.plan.json").exit_code == 0
    workspace.api("POST", GATEWAY, json={"status": "ok"})
    rpc(workspace, "updateDevice", {"device": LOGGER, "props": {"NAME": "renamed in the web app"}})

    applied = workspace.run("apply", "shown.plan.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert "the platform changed since the plan was made (t1/vw)" in applied.stderr, applied.output
    assert entity_ids(workspace) == before
    assert workspace.live_entity("032433")["props"]["NAME"] == "renamed in the web app"
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 9600
