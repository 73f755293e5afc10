"""A logger declared on port 3, which some THREAD models lack, is held (not created) while its gateway
sleeps: the plan shows it pending. The gateway waking at the prompt confirmed the port in the plan
made again once `yes` was typed, where it became a creation nobody was shown, and the apply was
refused whole. A gateway that wakes is taken as shown: the logger stays held, the apply goes on."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import SHOWN, applied_base, apply_confirmed_after, entity_ids
from tests.e2e.conftest import Workspace

GATEWAY = "/_sim/gateways/6C7D8E"
ON_PORT_3 = SHOWN.replace('serial: "032434", port: 2}', 'serial: "032434", port: 3}')


def test_a_logger_held_for_a_sleeping_gateways_port_stays_held_when_it_wakes_at_the_prompt(
    workspace: Workspace,
) -> None:
    before = applied_base(workspace)
    workspace.api("POST", GATEWAY, json={"status": "asleep"})

    applied = apply_confirmed_after(
        workspace, lambda: workspace.api("POST", GATEWAY, json={"status": "ok"}), ON_PORT_3
    )

    assert ON_PORT_3 != SHOWN
    assert applied.exit_code == 1, applied.output
    assert "changed while the plan awaited confirmation" not in applied.output, applied.output
    assert "t1/vw2" in applied.stdout and "port 3 is not confirmed" in applied.stdout, applied.output
    assert len(entity_ids(workspace) - before) == 1  # the sensor on channel 2; the logger on port 3 held
