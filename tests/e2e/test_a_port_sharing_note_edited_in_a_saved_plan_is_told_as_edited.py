"""A saved plan creating two loggers on port 1 of a THREAD, no port declared RS485, each line noting
the other shares it, whose note was edited in the file (the other logger renamed) and applied on a
platform that did not change: refused as the file's edit, nothing written (told as the platform
changed, a logger put on the port since: the note was read back for the loggers it names)."""

from __future__ import annotations

import json

from tests.e2e.conftest import PROJECT, Workspace

SITE = f"""\
apiVersion: iotplan/v1
stack: tunnel
projects:
  - id: {PROJECT}
    nodes:
      - key: tt
        kind: thread
        id: /fn/4A1B2C/node
        devices:
          - {{key: lg-a, type: VW_LOGGER, serial: "032431", port: 1}}
          - {{key: lg-b, type: VW_LOGGER, serial: "032432", port: 1}}
"""


def test_a_port_sharing_note_edited_in_a_saved_plan_is_told_as_edited(workspace: Workspace) -> None:
    (workspace.path / "site.yaml").write_text(SITE)
    assert workspace.run("plan", "site.yaml", "--out", "plan.json").exit_code == 0
    plan = json.loads((workspace.path / "plan.json").read_text())
    logger = next(change for change in plan["changes"] if change["address"] == "tt/lg-a")
    assert "; port 1 is also tt/lg-b's, and is" in logger["reason"], logger
    logger["reason"] = logger["reason"].replace("tt/lg-b's", "tt/lg-c's")
    (workspace.path / "plan.json").write_text(json.dumps(plan))

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 1, applied.output
    assert "the platform changed" not in applied.stderr, applied.stderr
    assert "tt/lg-a (its reason differs): was the plan file edited or cut?" in applied.stderr, applied.stderr
    assert "+ device" in workspace.run("plan", "site.yaml").stdout  # nothing written
