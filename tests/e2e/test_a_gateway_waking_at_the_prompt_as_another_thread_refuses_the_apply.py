"""A THREAD asleep when `apply` planned, shown pending, and another THREAD answering at its address
by the time `yes` is typed (a DHCP lease handed on): a gateway that wakes is taken as shown, but one
that now reports another serial differs from what the plan was made against. Its node's platform
writes are not made on the plan's word: the apply is refused whole, nothing written."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import HOST, applied_base, apply_confirmed_after, entity_ids
from tests.e2e.conftest import Workspace


def test_a_gateway_waking_at_the_prompt_as_another_thread_refuses_the_apply(workspace: Workspace) -> None:
    before = applied_base(workspace)
    workspace.api("POST", "/_sim/gateways/6C7D8E", json={"status": "asleep"})

    def another_thread_takes_the_address() -> None:
        workspace.api("POST", "/_sim/gateways/6C7D8E", json={"host": "127.0.0.1:8499"})
        workspace.api("POST", "/_sim/gateways/8A9B0C", json={"host": HOST})

    applied = apply_confirmed_after(workspace, another_thread_takes_the_address)

    assert applied.exit_code == 1, applied.output
    assert "Nothing was written: run iotplan apply again" in applied.stderr, applied.output
    assert entity_ids(workspace) == before
