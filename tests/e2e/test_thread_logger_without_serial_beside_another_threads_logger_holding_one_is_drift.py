"""A THREAD logger holding no SERIAL_NO is drift where any logger of a THREAD the manifest declares
holds one, not only one of its own THREAD: whether the platform gives loggers serials is the
platform's, not a THREAD's. A THREAD with a single logger, or one whose every logger lost its serial,
was told NOT_CHECKED beside another THREAD whose loggers hold theirs (before: "No drift", exit 0, and
an apply "Verified", the serial gone)."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread import rpc

SITE = f"""\
apiVersion: iotplan/v1
stack: tunnel
projects:
  - id: {PROJECT}
    nodes:
      - key: ta
        kind: thread
        id: /fn/4A1B2C/node
        name: THREAD A
        devices:
          - {{key: dg, type: DGSI_M_LOGGER, serial: "032431", port: 2}}
      - key: tb
        kind: thread
        id: /fn/5D6E7F/node
        name: THREAD B
        devices:
          - {{key: dg, type: DGSI_M_LOGGER, serial: "032432", port: 2}}
"""
LOGGER_A = "/fn/4A1B2C/node/dgsimlogger/032431/device"


def test_a_threads_only_logger_without_its_serial_is_drift_beside_another_threads_logger_holding_one(
    workspace: Workspace,
) -> None:
    (workspace.path / "site.yaml").write_text(SITE)
    assert workspace.run("apply", "site.yaml", "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": LOGGER_A, "props": {"SERIAL_NO": None}})
    drift = workspace.run("drift", "site.yaml")
    assert drift.exit_code == 2, drift.output
    assert "MODIFIED    device ta/dg: ta/dg: " in drift.stdout
    assert "while /fn/5D6E7F/node/dgsimlogger/032432/device holds one" in drift.stdout
    applied = workspace.run("apply", "site.yaml", "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert "holds no SERIAL_NO" in applied.output
