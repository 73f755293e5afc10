"""Another tool's connection holds a device carrying `quickstart:dam-a/logger-1`, and under it a
sensor `quickstart:dam-a/logger-1/zz` holding 50 observations; the manifest renames logger-1. The
update's refusal said "give it another SERIAL_NO in the platform's web app (its history stays)":
followed, the device's SERIAL_NO changed alone, the next plan removed its sensor (still carrying the
stack's prefix, so the stack's orphan), with its 50 observations. It now names the sensors too and
says their SERIAL_NOs must not start with `quickstart:`: followed so, the next plan removes nothing."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds, serial_no_step_followed
from tests.e2e.conftest import QUICKSTART, Workspace


def test_the_duplicates_serial_no_step_followed_keeps_its_history(workspace: Workspace) -> None:
    another_tool_holds(workspace, "quickstart:dam-a/logger-1", "quickstart:dam-a/logger-1/zz")
    workspace.edit(QUICKSTART, "name: Crest datalogger\n", "name: Crest datalogger 2\n")

    said = " ".join(workspace.run("plan", QUICKSTART).output.split())
    step = said.partition("that one holds 50 observations: ")[2].partition("; or remove it there")[0]
    assert step.startswith("give it"), said
    # the step followed literally: what it names is given a SERIAL_NO of its own, as it says
    with_sensors = "and its 1 sensor" in step
    serial_no_step_followed(workspace, "quickstart:dam-a/logger-1", with_sensors)

    again = workspace.run("plan", QUICKSTART)

    assert "0 to destroy" in again.output, again.output
    assert "destroys" not in again.output, again.output
