"""A stack renamed with its connection's name edited, its devices declared unnamed and every sensor
renamed (cr73): a device declared unnamed is taken for the one another stack holds at its address,
as it is at its own address, so the connection holding it is this network's, refused."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_stack_renamed_with_its_devices_declared_unnamed_is_refused(workspace: Workspace) -> None:
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    for old, new in [
        ("stack: quickstart ", "stack: quickstart-v2 "),
        ("name: Lake Ellen dam - datalogger feed", "name: Lake Ellen dam feed"),
        ("            name: Crest datalogger\n", ""),
        ("            name: Weather station\n", ""),
    ]:
        workspace.edit(QUICKSTART, old, new)
    for sensor in ("Piezometer PZ-1", "Crack meter CM-1", "Tiltmeter TM-1", "Air temperature", "Battery"):
        workspace.edit(QUICKSTART, f"name: {sensor}", f"name: {sensor} (v2)")

    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1, refused.output
    assert (
        f"holds device {logger['id']} named 'Crest datalogger' at dam-a/logger-1 in that stack, which this "
        "manifest declares unnamed"
    ) in " ".join(refused.stderr.split())
