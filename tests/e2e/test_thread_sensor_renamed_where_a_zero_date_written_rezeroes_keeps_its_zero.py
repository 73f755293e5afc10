"""Where a JSON-RPC `update*` carrying ZERO_DATE re-zeroes a sensor even when the date is written as
it stands (`rpc-rewrite-rezeroes`), a sensor with a zero date and history, renamed, had its ZERO_DATE
resent as it stood and was re-zeroed at its latest reading, with exit 0 (A14). Now the rename writes
NAME alone, and the sensor's zero stays where it was."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.sim.backend import SimBackend
from iotplan.sim.rpc_backend import RpcBackend
from iotplan.sim.store import Store
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc

TILT3 = f"{IPI_LOGGER}/tilt3/sensor"
DECLARED = "IPI Tilt 3 (-6 m), type: TILT_BIAXIAL_DGSI, mux_index: 3"


def test_a_sensor_with_history_renamed_where_a_zero_date_written_rezeroes_keeps_its_zero(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-rewrite-rezeroes")
    workspace.edit(SITE, DECLARED, f'{DECLARED}, zero_date: "2026-04-01T00:00:00Z"')
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    store = Store(workspace.path / ".iotplan" / "sim.db")
    try:
        SimBackend(store).add_observations(TILT3, 30)
    finally:
        store.close()
    sent: list[tuple[str, Any, Any]] = []
    update = RpcBackend.update

    def recorded(backend: RpcBackend, kind: str, entity_id: Any, changes: Any, scope: Any) -> Any:
        sent.append((kind, entity_id, changes))
        return update(backend, kind, entity_id, changes, scope)

    monkeypatch.setattr(RpcBackend, "update", recorded)
    workspace.edit(SITE, "name: IPI Tilt 3 (-6 m)", "name: IPI Tilt 3 (-6.5 m)")

    renamed = workspace.run("apply", SITE, "--auto-approve")

    assert renamed.exit_code == 0, renamed.output
    assert sent == [("sensor", TILT3, {"NAME": "IPI Tilt 3 (-6.5 m)"})]
    (tilt,) = rpc(workspace, "getSensors", {"sensors": [TILT3]})
    assert tilt["props"]["ZERO_DATE"] == "2026-04-01T00:00:00Z"
    assert tilt["props"]["ZERO_BASELINE"] == 0, "not re-zeroed"
