"""Another writer sets dam-a/logger-1's SERIAL_NO to 'quickstart:dam-a/logger-q' (a `moved` rename
half done), and 'quickstart:dam-a/logger-q/extra', holding 200 observations, stands under it, while
the manifest declares `- key: extra` under dam-a/logger-1. `drift` said "dam-a/logger-q/extra carries
none of them: either way's plan removes it, destroying 200 observations", critical; followed, the
`moved` entry renaming dam-a/logger-q back renamed extra to dam-a/logger-1/extra, destroying nothing.
A sensor whose key under the declared device is declared is kept: `drift` counts none of it."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.serial_no_changed import logger_1_given

EXTRA = "quickstart:dam-a/logger-q/extra"
DECLARED = (
    "              - key: extra\n                name: Extra\n                template: TEMPERATURE_SDE\n"
)
SENSORS = "            sensors:\n"


def test_drift_does_not_count_a_sensor_declared_under_the_device_a_half_done_move_keeps(
    workspace: Workspace,
) -> None:
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
    workspace.edit(QUICKSTART, SENSORS, SENSORS + DECLARED)  # the first `sensors:` is logger-1's

    text = workspace.run("drift", QUICKSTART)
    as_json = workspace.run("drift", QUICKSTART, "--format", "json")
    workspace.edit(
        QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a/logger-q, to: dam-a/logger-1}\ndefaults:\n"
    )
    followed = workspace.run("plan", QUICKSTART)

    assert followed.exit_code == 0, followed.output
    assert "moved from dam-a/logger-q/extra" in followed.output, followed.output
    assert "destroys" not in followed.output, followed.output  # what drift must tell: nothing lost
    (line,) = [line for line in text.output.splitlines() if "device dam-a/logger-q:" in line]
    assert "carries none of them" not in line and "destroying" not in line, text.output
    assert "see dam-a/logger-1" in line, text.output
    entries = json.loads(as_json.stdout)["entries"]
    (entry,) = [each for each in entries if each["address"] == "dam-a/logger-q"]
    assert entry["refused"] is True, entry
    assert entry["observations"] == 0 and entry["observations_unknown"] is False, entry
    assert entry["severity"] != "critical", entry
