"""A live SERIAL_NO that names a credential inside itself (`Bearer ...`, `token: ...`), on another tool's
device: the plans and drift reports that quote it (its reason, its live refId, its serial) show it as
`(sensitive)`, as import does; masking a URL's credentials alone left it in clear."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

SECRET = "hunter2pw-canary"


@pytest.fixture
def foreign(workspace: Workspace) -> Workspace:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    device = {
        "changeState": "new",
        "refId": f"Bearer {SECRET}",
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Their logger"},
        "sensors": [],
    }
    workspace.integrate_under("quickstart:dam-a", [device])
    return workspace


@pytest.mark.parametrize("output", [(), ("--format", "json"), ("--format", "markdown")])
def test_a_plan_quotes_such_a_serial_masked(foreign: Workspace, output: tuple[str, ...]) -> None:
    planned = foreign.run("plan", QUICKSTART, *output)
    assert planned.exit_code == 0, planned.output
    assert "Their logger" in planned.stdout or "(SERIAL_NO '(sensitive)')" in planned.stdout
    assert SECRET not in planned.output


@pytest.mark.parametrize("output", ["text", "json", "markdown", "junit", "html"])
def test_a_drift_report_quotes_such_a_serial_masked(foreign: Workspace, output: str) -> None:
    reported = foreign.run("drift", QUICKSTART, "--format", output)
    assert reported.exit_code in (0, 2), reported.output
    assert SECRET not in reported.output
