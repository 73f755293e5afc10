"""A device of the stack's, undeclared, under another tool's connection, holds a sensor whose refId
starts with the stack's prefix in another case (`QUICKSTART:`), holding 50 observations: the plan
refuses the device's removal, which would take it, and said "give them another SERIAL_NO or remove
them in the platform's web app" without what that removal destroys. It says so, after the step that
keeps their history."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace


def test_the_removal_advised_names_the_observations_it_destroys(workspace: Workspace) -> None:
    another_tool_holds(workspace, "quickstart:dam-z/stray", "QUICKSTART:dam-z/stray/x", "othertool:c2")

    planned = workspace.run("plan", QUICKSTART)

    assert planned.exit_code == 1, planned.output
    said = " ".join(planned.output.split())
    told = said[said.index("(SERIAL_NO 'QUICKSTART:dam-z/stray/x')") :]
    kept, _, removed = told.partition("or remove them there")
    assert "to keep them and their history, give them another SERIAL_NO in the platform's web app" in kept
    assert removed.startswith(", destroying 50 observations; then plan again"), said
