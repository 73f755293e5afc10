"""A THREAD node declaring no logger is read for its loggers like any other: the ones on the platform
are reported as kept, so plan and drift never say the platform matches while they are there."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, Workspace

SITE = f"""\
apiVersion: iotplan/v1
stack: tun
projects:
  - id: {PROJECT}
    nodes:
      - key: t3
        kind: thread
        id: /fn/6C7D8E/node
"""
WITH_A_LOGGER = (
    SITE
    + """\
        devices:
          - key: vw
            type: VW_LOGGER
            serial: "032433"
            port: 1
            sensors:
              - {key: pz-1, type: VW_PIEZOMETER, mux_index: 1}
"""
)


@pytest.mark.parametrize("devices", ["        devices: []\n", ""], ids=["devices-empty", "no-devices-key"])
def test_the_loggers_of_a_thread_node_declaring_none_are_reported_as_kept(
    workspace: Workspace, devices: str
) -> None:
    (workspace.path / "site.yaml").write_text(WITH_A_LOGGER)
    assert workspace.run("apply", "site.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "none.yaml").write_text(SITE + devices)
    plan = workspace.run("plan", "none.yaml", "--detailed-exitcode")
    assert "? device t3/#032433 (VW_LOGGER): not in the manifest" in plan.stdout
    assert "? sensor t3/#032433/#pz-1 (VW_PIEZOMETER): not in the manifest" in plan.stdout
    assert "Plan: 0 to add, 0 to change, 0 to destroy, 2 unmanaged." in plan.stdout
    drift = workspace.json("drift", "none.yaml")
    unmanaged = {entry["address"] for entry in drift["entries"] if entry["status"] == "UNMANAGED"}
    assert "t3/#032433" in unmanaged
