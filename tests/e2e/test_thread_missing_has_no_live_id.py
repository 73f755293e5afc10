"""A drift report's `live_id` is the id of the entity on the platform: a MISSING one has none, a
THREAD logger or sensor no more than an API entity, though iotplan knows the id it will create it
with. A consumer reading `live_id` as "exists on the platform" is not misled."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE

TILT5 = "              - {key: tilt5, name: IPI Tilt 5 (-10 m), type: TILT_BIAXIAL_DGSI, mux_index: 5}\n"
TILT4 = "              - {key: tilt4, name: IPI Tilt 4 (-8 m), type: TILT_BIAXIAL_DGSI, mux_index: 4}\n"


def missing(workspace: Workspace) -> list[dict[str, Any]]:
    entries = workspace.json("drift", SITE)["entries"]
    return [entry for entry in entries if entry["status"] == "MISSING"]


def test_missing_thread_loggers_have_no_live_id(workspace: Workspace) -> None:
    loggers = missing(workspace)  # a fresh clone: the THREAD is registered, its loggers are not made
    assert {entry["address"] for entry in loggers} == {"tunnel-thread/vw-logger", "tunnel-thread/ipi-chain"}
    assert [entry["live_id"] for entry in loggers] == [None, None]


def test_a_missing_thread_sensor_has_no_live_id(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, TILT4, TILT4 + TILT5)
    (sensor,) = missing(workspace)
    assert sensor["address"] == "tunnel-thread/ipi-chain/tilt5" and sensor["live_id"] is None
