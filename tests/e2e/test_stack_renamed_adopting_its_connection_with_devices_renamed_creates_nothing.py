"""A stack renamed that adopts the old stack's connection by `id:`, with its devices' names edited in
the same change: each old device, named otherwise, was let be as another network's, and created
again beside it with all its sensors. The sensors it holds, named as declared, tell it is this
network: refused at the device, naming the old stack and its `stack:`."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_renamed_stack_adopting_its_connection_with_devices_renamed_is_refused(
    workspace: Workspace,
) -> None:
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    node = workspace.live_entity("quickstart:dam-a")
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    piezometer = workspace.live_entity("quickstart:dam-a/logger-1/pz-1")
    workspace.edit(QUICKSTART, "stack: quickstart ", "stack: quickstart-v2 ")
    workspace.edit(QUICKSTART, "      - key: dam-a\n", f"      - key: dam-a\n        id: {node['id']}\n")
    workspace.edit(QUICKSTART, "name: Crest datalogger", "name: Crest datalogger (2026)")
    workspace.edit(QUICKSTART, "name: Weather station", "name: Weather station (2026)")

    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.stderr.split())
    assert (
        f"dam-a/logger-1: not found by its refId 'quickstart-v2:dam-a/logger-1', but device {logger['id']} "
        "named 'Crest datalogger' carries 'quickstart:dam-a/logger-1', this address in stack 'quickstart', "
        f"and holds sensor {piezometer['id']} named 'Piezometer PZ-1' at dam-a/logger-1/pz-1 in that stack"
    ) in said
    assert "keep `stack: quickstart`" in said
