"""A stack renamed, its connection named otherwise and its device keys changed without `moved` (cr80
#6, d1): no device stood at a declared address, 8 to add, exit 0. It owns nothing and lands on stack
quickstart's keys: refused."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.stack_rename import CONN, V2, edited


def test_stack_renamed_with_device_keys_changed_without_moved_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    keys = [("key: logger-1", "key: crest"), ("key: weather", "key: wx")]
    (workspace.path / QUICKSTART).write_text(edited(workspace, V2, CONN, *keys))
    result = workspace.run("plan", QUICKSTART)
    assert result.exit_code == 1, result.output
    assert "owns nothing in the projects read" in " ".join(result.stderr.split())
