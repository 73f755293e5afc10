"""A plan saved by the build before this one (format 1.12), renaming a THREAD logger, counted in its
Impact no read of what update* does with props it is not sent, which this build makes once per run
(the probe; the unreleased build between read each unit's updates again after its writes): applying
it was refused as "the plan file was edited" (cr104 #5). It is refused as made by another iotplan
build, with the step that helps: plan again with this one."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE


def test_a_thread_plan_saved_by_the_previous_build_is_refused_as_another_builds_not_as_edited(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, "name: Section 3 IPI Chain", "name: Section 3 IPI Chain B")
    assert workspace.run("plan", SITE, "--out", "saved.json").exit_code == 0
    saved = json.loads((workspace.path / "saved.json").read_text())
    # as the previous build wrote it: its format, and no read to learn what update* does
    saved["format_version"] = "1.12"
    saved["impact"]["write_requests"] -= 1
    (workspace.path / "saved.json").write_text(json.dumps(saved))

    applied = workspace.run("apply", "saved.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.stderr.split())
    assert "the plan was made by another iotplan build (format 1.12; this one writes 1.13)" in said, said
    assert "which counts a THREAD's JSON-RPC requests otherwise" in said
    assert "Run iotplan plan again with this iotplan" in said
