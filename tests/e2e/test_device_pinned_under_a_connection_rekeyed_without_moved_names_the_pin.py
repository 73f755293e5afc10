"""A connection adopted by `id:` and re-keyed dam-a → dam-z with no `moved` entry, and a device
beneath it pinned `ref_id: quickstart:dam-z/logger-1`, a refId no live device carries. The plan said
"likely dam-a was renamed dam-z without `moved` … add `moved: …`" for it too, though no entry rewrites
a `ref_id:`. Now it names the pin and the refId to write; nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

LOGGER = "          - key: logger-1\n"


def test_a_device_pinned_under_a_connection_rekeyed_without_moved_names_the_pin(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")["id"]
    device = workspace.live_entity("quickstart:dam-a/logger-1")["id"]
    workspace.edit(QUICKSTART, "- key: dam-a\n", f"- key: dam-z\n        id: {node}\n")
    workspace.edit(QUICKSTART, LOGGER, LOGGER + "            ref_id: quickstart:dam-z/logger-1\n")

    shown = workspace.run("plan", QUICKSTART)

    assert shown.exit_code != 0, shown.output
    pinned = next(line for line in shown.output.splitlines() if "dam-z/logger-1:" in line)
    assert "without `moved`" not in pinned
    assert "ref_id: 'quickstart:dam-z/logger-1'" in pinned
    assert "`ref_id: quickstart:dam-a/logger-1`" in pinned
    assert workspace.live_entity("quickstart:dam-a/logger-1")["id"] == device
