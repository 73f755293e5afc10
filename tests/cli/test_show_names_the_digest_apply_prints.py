"""`iotplan show plan.json` at a terminal names the plan's digest, the one `apply plan.json`
prints to be compared with its review; its JSON view is the plan alone, as before."""

from __future__ import annotations

import json
import re

from tests.e2e.conftest import QUICKSTART, Workspace

APPLYING = re.compile(r"Applying the saved plan (sha256:[0-9a-f]{64}): compare it")


def test_show_names_the_digest_apply_prints(workspace: Workspace) -> None:
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    shown = workspace.run("show", "plan.json")
    as_json = workspace.run("show", "plan.json", "--format", "json")
    applied = workspace.run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    printed = APPLYING.search(applied.stderr)
    assert printed, applied.stderr
    assert f"Digest: {printed[1]}, as `iotplan apply` prints it." in shown.stderr.splitlines()
    assert printed[1] not in as_json.output  # the JSON view and its stderr stay as they were
    assert json.loads(as_json.stdout) == json.loads((workspace.path / "plan.json").read_text())
