"""A stack renamed with every name edited, connection, devices and sensors (cr80 #6, s3): nothing it
holds tells it from another network, 8 to add, exit 0. It owns nothing and lands on stack
quickstart's keys: refused."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.stack_rename import CONN, LOGGER, SENSORS, V2, WEATHER, edited


def test_stack_renamed_with_every_name_edited_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    names = [(f"name: {n}", f"name: {n} (2026)") for n in SENSORS]
    (workspace.path / QUICKSTART).write_text(edited(workspace, V2, CONN, LOGGER, WEATHER, *names))
    result = workspace.run("plan", QUICKSTART)
    assert result.exit_code == 1, result.output
    assert "owns nothing in the projects read" in " ".join(result.stderr.split())
