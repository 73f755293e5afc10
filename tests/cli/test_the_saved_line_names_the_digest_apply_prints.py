"""`plan --out plan.json` at a terminal: the `Saved the plan to` line names the plan's digest, the
one `apply plan.json` prints to be compared with its review. Before, only the Markdown view named it."""

from __future__ import annotations

from tests.cli.digest_applied import digest_apply_prints
from tests.e2e.conftest import QUICKSTART, Workspace


def test_the_saved_line_names_the_digest_apply_prints(workspace: Workspace) -> None:
    planned = workspace.run("plan", QUICKSTART, "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    digest = digest_apply_prints(workspace, "plan.json")
    saved = next(line for line in planned.stderr.splitlines() if line.startswith("Saved the plan to"))
    assert f"Its digest is {digest}" in saved
