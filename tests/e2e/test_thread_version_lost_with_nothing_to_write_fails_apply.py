"""A registered THREAD whose VERSION another tool dropped (its SERIAL_NO kept) is drift with nothing
to write, as a dropped or edited serial is: iotplan writes no VERSION back. An apply with nothing
to write said "No changes to write, but 1 entity differs", exit 0, where one leaving a dropped or
edited serial exits 1. It now fails alike, naming the THREAD, what each side holds and the step
that settles it. `plan --detailed-exitcode` stays 0 (nothing to write) and drift 2 (MODIFIED)."""

from __future__ import annotations

import json

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


def test_a_thread_whose_version_and_serial_were_both_dropped_is_told_both_in_one_round(
    workspace: Workspace,
) -> None:
    """Told its SERIAL_NO alone, the next apply failed on its VERSION: each the step of its own round."""
    (workspace.path / "reg.yaml").write_text(REGISTERED)
    assert workspace.run("apply", "reg.yaml", "--auto-approve").exit_code == 0  # createNode
    rpc(workspace, "updateNode", {"node": "/fn/ABCDEF/node", "props": {"VERSION": None, "SERIAL_NO": None}})

    applied = workspace.run("apply", "reg.yaml", "--auto-approve")
    as_json = workspace.run("apply", "reg.yaml", "--auto-approve", "--format", "json")

    error = " ".join(applied.output.split()).split("Error:", 1)[-1]
    assert applied.exit_code == 1, error
    assert "new-thread (/fn/ABCDEF/node) without a SERIAL_NO" in error, error
    assert "holds no VERSION on the platform, which it was registered with ('7.18.0' declared)" in error, (
        error
    )
    not_verified = json.loads(as_json.stdout)["not_verified"]
    assert "holds no SERIAL_NO" in not_verified and "holds no VERSION" in not_verified, not_verified
