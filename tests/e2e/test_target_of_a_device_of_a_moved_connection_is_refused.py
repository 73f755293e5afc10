"""A `--target` on a device of a connection a `moved` entry renames: made alone, the device's refId
would name the new connection key while the connection still has the old one. Refused, naming the
connection's move to select instead; selected whole, the rename is made."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_device_of_a_moved_connection_targeted_alone_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "- key: dam-a\n", "- key: dam-z\n")
    workspace.edit(QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a, to: dam-z}\ndefaults:\n")
    refused = workspace.run("apply", QUICKSTART, "--target", "dam-z/weather", "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert "dam-z/weather: needs the move of dam-a to dam-z, which --target leaves out" in refused.stderr
    assert "target dam-z instead" in refused.stderr
    assert "dam-z/weather/" not in refused.stderr  # told once, at the device the target names
    assert workspace.live_entity("quickstart:dam-a/weather/battery")  # nothing was moved
    applied = workspace.run("apply", QUICKSTART, "--target", "dam-z", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
