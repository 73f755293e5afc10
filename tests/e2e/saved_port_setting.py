"""What the tests of a `--target t1/edge` plan's port 1 line edited in the saved file share: the
awaiting-confirmation base applied, a manifest changing that port's link planned and saved, its line
edited, and the file applied on a platform that did not change: refused as the file's edit."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.awaiting_confirmation import applied_base, gateway_port
from tests.e2e.conftest import Workspace

SETTING = "t1/edge/port1.comm_type"


def saved_port_setting(workspace: Workspace, manifest: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The base applied, then `manifest`'s `--target t1/edge` plan saved; that plan as read from the
    file, and its port 1 line (in it, to edit in place)."""
    applied_base(workspace)
    (workspace.path / "targeted.yaml").write_text(manifest)
    planned = workspace.run("plan", "targeted.yaml", "--target", "t1/edge", "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    plan = json.loads((workspace.path / "plan.json").read_text())
    return plan, next(change for change in plan["changes"] if change["address"] == SETTING)


def refused_as_edited(workspace: Workspace, plan: dict[str, Any]) -> str:
    """`plan` written back to the file and applied; asserts it refused as the file's edit, not the
    platform's change, naming the line, and port 1 left as it was; what the apply said on stderr."""
    (workspace.path / "plan.json").write_text(json.dumps(plan))

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 1, applied.output
    assert "the platform changed" not in applied.stderr, applied.stderr
    assert SETTING in applied.stderr, applied.stderr
    assert "the plan file was edited" in applied.stderr, applied.stderr
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS485"
    return str(applied.stderr)
