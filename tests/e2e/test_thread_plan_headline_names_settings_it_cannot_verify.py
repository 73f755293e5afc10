"""A plan of a THREAD site whose declared port modes iotplan cannot verify (never written without
--force-write-only) does not open with "The platform matches the manifest": no read compared them, and
the gateway's ports may still be OFF (fz79 #2). It says how many it left uncompared."""

from __future__ import annotations

from tests.e2e.conftest import Workspace

THREAD = "examples/thread/site.yaml"


def test_the_plan_after_applying_the_thread_site_names_the_settings_it_did_not_compare(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", THREAD, "--auto-approve").exit_code == 0

    result = workspace.run("plan", THREAD)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "No changes. The platform matches the manifest." not in lines
    but_for = "but for 2 settings iotplan cannot verify (below)."
    assert f"No changes. The platform matches the manifest {but_for}" in lines
