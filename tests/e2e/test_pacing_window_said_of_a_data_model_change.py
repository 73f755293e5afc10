"""Under a --rate-limit whose pacing interval is over 2 s, an apply whose only guarded write is a
data-model change of a sensor shown without history (counted again before it, as a removal is) says
the window too: it was said only where the plan destroyed something (cr75)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_pacing_window_said import SAID, unpaced  # noqa: F401  (a fixture)


@pytest.mark.usefixtures("unpaced")
def test_an_apply_changing_a_data_model_at_6_a_minute_says_the_window_once(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "{custom_metric: tilt_b, unit: mm}", "{custom_metric: tilt_c, unit: mm}")
    planned = workspace.run("plan", QUICKSTART)
    assert "0 to destroy" in planned.output and "data model" in planned.output, planned.output
    caplog.clear()
    applying = workspace.run("apply", QUICKSTART, "--auto-approve", "--rate-limit", "6/min")
    assert applying.exit_code == 0, applying.output
    said = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert said.count(SAID) == 1
