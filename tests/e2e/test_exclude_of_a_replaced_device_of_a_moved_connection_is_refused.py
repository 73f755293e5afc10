"""An `--exclude` of a device of a connection a `moved` entry renames, where the device's template
changes too: its change is a replacement (`-/+`), not a rename, yet fenced off it stays with its
sensors, their refIds naming the old connection key, which the connection no longer has. Refused as
a renamed device excluded is (cr111)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_replaced_device_of_a_moved_connection_excluded_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "- key: dam-a\n", "- key: dam-z\n")
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE\n", "template: IMPORT_DEVICE_SDE\n")
    workspace.edit(QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a, to: dam-z}\ndefaults:\n")
    refused = workspace.run("apply", QUICKSTART, "--exclude", "dam-z/weather", "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert (
        "dam-z: its move from dam-a rewrites the refIds of dam-z/weather too, which --exclude leaves out"
    ) in refused.stderr
    assert "dam-z/weather/" not in refused.stderr  # told once, at the device the exclusion names
    assert "exclude dam-z too, or narrow the exclusion" in refused.stderr
    assert workspace.live_entity("quickstart:dam-a")  # nothing was moved
