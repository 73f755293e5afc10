"""A stack renamed with its connection's name edited, its devices declared unnamed and every sensor
renamed (cr73): a device declared unnamed is taken for the one another stack holds at its address,
as it is at its own address, so the connection holding it is this network's, refused."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.stack_rename import CONN, SENSORS, V2, applied, edited, said

UNNAMED = [("            name: Crest datalogger\n", ""), ("            name: Weather station\n", "")]


def test_a_stack_renamed_with_its_devices_declared_unnamed_is_refused(workspace: Workspace) -> None:
    first = applied(workspace)
    assert first.exit_code == 0, first.output
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    names = [(f"name: {sensor}", f"name: {sensor} (v2)") for sensor in SENSORS]
    (workspace.path / QUICKSTART).write_text(edited(workspace, V2, CONN, *UNNAMED, *names))

    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1, refused.output
    assert (
        f"holds device {logger['id']} named 'Crest datalogger' at dam-a/logger-1 in that stack, which this "
        "manifest declares unnamed"
    ) in said(refused)
