"""A stack renamed with its connection's name and every device's edited in the same change (cr73):
no device is named as declared, but each holds its sensors so, as many as the manifest names: the
network is this one, told by what its devices hold, and its creation is refused."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_stack_renamed_with_its_connection_and_every_device_renamed_is_refused_by_their_sensors(
    workspace: Workspace,
) -> None:
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    piezometer = workspace.live_entity("quickstart:dam-a/logger-1/pz-1")
    for old, new in [
        ("stack: quickstart ", "stack: quickstart-v2 "),
        ("name: Lake Ellen dam - datalogger feed", "name: Lake Ellen dam feed"),
        ("name: Crest datalogger", "name: Crest"),
        ("name: Weather station", "name: Wx"),
    ]:
        workspace.edit(QUICKSTART, old, new)

    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1, refused.output
    assert (
        f"holds device {logger['id']} named 'Crest datalogger' at dam-a/logger-1 in that stack, and under "
        f"it sensor {piezometer['id']} named 'Piezometer PZ-1' at dam-a/logger-1/pz-1 in that stack and 2 "
        "more, named as this manifest declares them"
    ) in " ".join(refused.stderr.split())
