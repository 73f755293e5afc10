"""Another writer sets dam-a/logger-1's SERIAL_NO to 'quickstart:dam-a/logger-q' (a `moved` rename
half done), and one more of the stack's sensors, 'quickstart:dam-a/logger-q/extra', holding 200
observations, stands under it. `drift` marked dam-a/logger-q refused, saying either way forward keeps
it "with its history", `observations: 0`; followed, the `moved` entry renaming it back planned
`- sensor dam-a/logger-1/extra ... destroys 200 observations`: no refId of dam-a/logger-1's sensors
explains extra, so neither way keeps it unless declared. `drift` counts what it holds, and names it."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.serial_no_changed import logger_1_given

EXTRA = "quickstart:dam-a/logger-q/extra"


def test_drift_counts_a_sensor_a_half_done_move_does_not_keep(workspace: Workspace) -> None:
    logger_1_given(workspace, {"SERIAL_NO": "quickstart:dam-a/logger-q"})
    sensor = {
        "changeState": "new",
        "refId": EXTRA,
        "props": {"NAME": "Extra", "INTEGRATION_ID": "TEMPERATURE_SDE"},
    }
    device = {"changeState": "update", "refId": "quickstart:dam-a/logger-q", "props": {}, "sensors": [sensor]}
    workspace.integrate_under("quickstart:dam-a", [device])
    extra = workspace.live_entity(EXTRA)
    workspace.api("POST", "/_sim/observations", json={"sensor_id": extra["id"], "count": 200})

    text = workspace.run("drift", QUICKSTART)
    as_json = workspace.run("drift", QUICKSTART, "--format", "json")
    workspace.edit(
        QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a/logger-q, to: dam-a/logger-1}\ndefaults:\n"
    )
    followed = workspace.run("plan", QUICKSTART)

    assert followed.exit_code == 0, followed.output
    assert "destroys 200 observations" in followed.output, followed.output  # what drift must tell
    (line,) = [line for line in text.output.splitlines() if "device dam-a/logger-q:" in line]
    assert "dam-a/logger-q/extra" in line and "destroying 200 observations" in line, text.output
    assert "see dam-a/logger-1" in line and "500" not in line, text.output  # pz-1's history is kept
    entries = json.loads(as_json.stdout)["entries"]
    (entry,) = [each for each in entries if each["address"] == "dam-a/logger-q"]
    assert entry["refused"] is True, entry
    assert entry["observations"] == 200 and entry["observations_unknown"] is False, entry
    assert entry["severity"] == "critical", entry
    assert "destroying 200 observations" in entry["reason"], entry
