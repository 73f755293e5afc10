"""`plan --out plan.json` at a terminal: the `Saved the plan to` line names the plan's digest, the
one `apply plan.json` prints to be compared with its review. Before, only the Markdown view named it."""

from __future__ import annotations

import re

from tests.e2e.conftest import QUICKSTART, Workspace

APPLYING = re.compile(r"Applying the saved plan (sha256:[0-9a-f]{64}): compare it")


def test_the_saved_line_names_the_digest_apply_prints(workspace: Workspace) -> None:
    planned = workspace.run("plan", QUICKSTART, "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    applied = workspace.run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    printed = APPLYING.search(applied.stderr)
    assert printed, applied.stderr
    saved = next(line for line in planned.stderr.splitlines() if line.startswith("Saved the plan to"))
    assert f"Its digest is {printed[1]}" in saved
