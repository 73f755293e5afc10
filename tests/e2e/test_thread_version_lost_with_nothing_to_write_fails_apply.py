"""A registered THREAD whose VERSION another tool dropped (its SERIAL_NO kept) is drift with nothing
to write, as a dropped or edited serial is: iotplan writes no VERSION back. An apply with nothing
to write said "No changes to write, but 1 entity differs", exit 0, where one leaving a dropped or
edited serial exits 1. It now fails alike, naming the THREAD, what each side holds and the step
that settles it. `plan --detailed-exitcode` stays 0 (nothing to write) and drift 2 (MODIFIED)."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import rpc
from tests.e2e.test_thread_variants import REGISTERED


def test_a_registered_thread_whose_version_was_dropped_fails_an_apply_with_nothing_to_write(
    workspace: Workspace,
) -> None:
    (workspace.path / "reg.yaml").write_text(REGISTERED)
    assert workspace.run("apply", "reg.yaml", "--auto-approve").exit_code == 0  # createNode
    rpc(workspace, "updateNode", {"node": "/fn/ABCDEF/node", "props": {"VERSION": None}})
    assert workspace.run("plan", "reg.yaml", "--detailed-exitcode").exit_code == 0  # nothing to write
    assert workspace.run("drift", "reg.yaml").exit_code == 2

    applied = workspace.run("apply", "reg.yaml", "--auto-approve")

    said = " ".join(applied.output.split())
    assert applied.exit_code == 1, said
    assert (
        "new-thread: /fn/ABCDEF/node holds no VERSION on the platform, which it was registered with "
        "('7.18.0' declared)" in said.split("Error:", 1)[-1]
    ), said
    assert "set it in the platform's web app" in said.split("Error:", 1)[-1], said
