"""A replacement creates the entity again from what the manifest declares: a name or notes it leaves
out (as `import` does where they name a credential) are not written to the new one. The plan showed
only `~ template`, and the apply made the sensor with no name and no notes. Each such field is shown
as a `-` line under the replacement, masked as every view masks it."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

BATTERY = "quickstart:dam-a/weather/battery"


def test_a_replacement_shows_the_undeclared_fields_it_drops(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    device = {"changeState": "update", "refId": "quickstart:dam-a/weather", "props": {}}
    props = {"NAME": "Password: s3cr3t", "NOTES": "Token: T1abc"}
    device["sensors"] = [{"changeState": "update", "refId": BATTERY, "props": props}]
    workspace.integrate_under("quickstart:dam-a", [device])
    notes = "defaults:\n  sensor:\n    notes: Installed by the 2026 instrumentation contract\n"
    workspace.edit(QUICKSTART, notes, "")
    workspace.edit(
        QUICKSTART,
        "                name: Battery\n                template: BATTERY_CHARGE_SDE\n",
        "                template: TEMPERATURE_SDE\n",
    )
    result = workspace.run("plan", QUICKSTART)
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    replaced = lines.index(
        next(line for line in lines if line.startswith("-/+ sensor dam-a/weather/battery"))
    )
    shown = lines[replaced + 1 : replaced + 5]
    assert "- name = (sensitive)" in shown and "- notes = (sensitive)" in shown, result.stdout
    assert "s3cr3t" not in result.output and "T1abc" not in result.output
