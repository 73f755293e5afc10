"""Another tool's connection holds a device carrying `quickstart:dam-a/logger-9`, and under it a
sensor `quickstart:dam-a/logger-9/zz` holding 50 observations; the manifest renames logger-1 to
logger-9 with a `moved` entry. The refusal said "Give it another SERIAL_NO in the platform's web app
(its history stays)" of the stray: followed, its SERIAL_NO changed alone, the next plan removed its
sensor (still carrying the stack's prefix, so the stack's orphan), with its 50 observations. It now
says the SERIAL_NOs, its sensors' too, must not start with `quickstart:`: followed so, the next plan
removes nothing."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds, serial_no_step_followed
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.refused_rename import renamed_with_moved


def test_a_stray_at_a_moved_entitys_new_refid_given_another_serial_no_as_told_keeps_its_history(
    workspace: Workspace,
) -> None:
    another_tool_holds(workspace, "quickstart:dam-a/logger-9", "quickstart:dam-a/logger-9/zz")
    renamed_with_moved(workspace, "dam-a/logger-1", "dam-a/logger-9")

    said = " ".join(workspace.run("plan", QUICKSTART).output.split())
    step = said.partition("not by the move. ")[2].partition(" in the platform's web app (its history stays)")[
        0
    ]
    assert step.startswith("Give it"), said
    # the step followed literally for the stray: what it names is given a SERIAL_NO of its own
    with_sensors = "sensor" in step
    serial_no_step_followed(workspace, "quickstart:dam-a/logger-9", with_sensors)

    again = workspace.run("plan", QUICKSTART)

    assert "0 to destroy" in again.output, again.output
    assert "destroys" not in again.output, again.output
