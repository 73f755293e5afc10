"""Another writer clears a declared device's SERIAL_NO: `drift`'s MISSING entry says to set it back
(fz102), but the device's sensors were still ORPHANED, "an apply, once `plan` is no longer refused
(...), removes it, destroying 500 observations", and the device's own UNMANAGED line said nothing
of it. With its SERIAL_NO back they are not orphans: a nightly report told their history was to be
destroyed. Those lines, exactly the entities the refusal recognised, now point at the MISSING entry
and describe no removal, in text, JSON and Markdown alike (fx353)."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.serial_no_changed import drift_lines_of_the_listed_device, logger_1_given


def test_drift_tells_the_sensors_of_a_device_that_lost_its_serial_no_to_see_it(workspace: Workspace) -> None:
    logger = logger_1_given(workspace, {"SERIAL_NO": None, "NAME": "Renamed in web app"})
    for line in drift_lines_of_the_listed_device(workspace, logger):
        assert "lost its SERIAL_NO: see dam-a/logger-1" in line, line
        assert "removes it" not in line and "destroying" not in line, line
    report = json.loads(workspace.run("drift", QUICKSTART, "--format", "json").output.split("\n", 1)[1])
    under = [entry for entry in report["entries"] if entry["address"].startswith("dam-a/#")]
    assert len(under) == 4 and all("see dam-a/logger-1" in entry["reason"] for entry in under)
    assert all(not entry["observations"] for entry in under), under
    markdown = workspace.run("drift", QUICKSTART, "--format", "markdown").output
    assert "destroys" not in markdown, markdown
