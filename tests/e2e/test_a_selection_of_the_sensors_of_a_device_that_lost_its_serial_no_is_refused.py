"""Another writer clears a declared device's SERIAL_NO: `plan` is refused, saying to set it back
(fz102), but `plan --target` its sensors (or its device as listed, or `--exclude` the declared one)
planned their removal, "destroys 500 observations", exit 0: with the SERIAL_NO back they are that
device's sensors again. A selection writing any of the entities the refusal recognised is refused
as the whole plan is, saying which SERIAL_NO to set (fx353)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.serial_no_changed import listed_number, logger_1_given


def test_a_selection_of_the_sensors_of_a_device_that_lost_its_serial_no_is_refused(
    workspace: Workspace,
) -> None:
    logger = logger_1_given(workspace, {"SERIAL_NO": None, "NAME": "Renamed in web app"})
    listed = f"dam-a/{listed_number(logger)}"
    for selection in (("--target", f"{listed}/pz-1"), ("--target", listed), ("--exclude", "dam-a/logger-1")):
        plan = workspace.run("plan", QUICKSTART, *selection)
        assert plan.exit_code == 1, (selection, plan.output)
        said = " ".join(plan.output.split())
        assert "set SERIAL_NO to 'quickstart:dam-a/logger-1' on it" in said, (selection, plan.output)
        assert "destroys 500 observations" not in said, (selection, plan.output)
    assert workspace.run("plan", QUICKSTART, "--target", "dam-a/weather").exit_code == 0
