"""Another writer sets dam-a/logger-1's SERIAL_NO to 'quickstart:dam-b/logger-9', the refId this stack
gives a device of its other connection, dam-b, its sensors keeping theirs. Since fx382 the changed-
SERIAL_NO check skipped any refId this stack gives, so `plan` told it as a half-done `moved` rename of
dam-a/logger-1 to dam-b/logger-9 (entries `validate` refuses: a `moved` cannot cross connections) and
`drift` said an apply "removes it, destroying 500 observations". A `moved` never renames a device
into another connection, so it is told as a changed SERIAL_NO, to set back, and drift points at that
(cr154); so does the refusal to create dam-b/logger-9, whose refId that device carries, which said to
declare it under dam-a or that a manifest without dam-b/logger-9 removes it (fx390)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import applied_with_observations
from tests.e2e.test_thread import rpc

DAM_B = """      - key: dam-b
        kind: api
        name: Second feed
        devices:
          - key: logger-9
            name: Nine
            sensors:
              - {key: s9, name: S9, template: TEMPERATURE_SDE}
"""


def test_a_device_given_the_refid_of_a_device_under_another_connection_is_to_get_its_serial_no_back(
    workspace: Workspace,
) -> None:
    applied_with_observations(workspace, "dam-a/logger-1/pz-1", 500)
    workspace.edit(QUICKSTART, "    nodes:\n", "    nodes:\n" + DAM_B)
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    changed = {"SERIAL_NO": "quickstart:dam-b/logger-9", "NAME": "Renamed"}
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": changed})
    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.output.split())
    assert f"the device at {logger['id']} named 'Renamed' (SERIAL_NO 'quickstart:dam-b/logger-9')" in said, (
        said
    )
    assert "set its SERIAL_NO back to 'quickstart:dam-a/logger-1' in the platform's web app" in said, said
    assert "moved: [{from: dam-b/logger-9" not in said and "to: dam-b/logger-9}]" not in said, said
    # dam-b/logger-9's creation, refused for the refId that device now carries, points back (fx390)
    assert "had its SERIAL_NO changed if it is dam-a/logger-1: see dam-a/logger-1" in said, said
    assert "declare it where it now is" not in said and "removes it" not in said, said
    drift = workspace.run("drift", QUICKSTART)
    assert drift.exit_code == 2, drift.output
    lines = [
        line for line in drift.output.splitlines() if line.lstrip().startswith(("ORPHANED", "UNMANAGED"))
    ]
    assert lines, drift.output
    for line in lines:
        assert "had its SERIAL_NO changed if it is dam-a/logger-1: see dam-a/logger-1" in line, line
        assert "removes it" not in line and "destroying" not in line, line
