"""An integrate answer shows the entities its call wrote from the texts it wrote, not by reading them
back from the table (a query per answer, a tenth of the server's CPU in a cold apply); what the call
did not write is still read from the table."""

from __future__ import annotations

from iotplan.sim import demo_seed
from iotplan.sim.backend import SimBackend
from iotplan.sim.store import Store
from tests.sim.test_integrate_rules import PROJECT, device, sensor


def test_an_answer_reads_back_only_what_its_call_did_not_write() -> None:
    store = Store()
    backend = SimBackend(store)
    backend.seed(demo_seed())
    made = backend.integrate(PROJECT, {"integration": {"changeState": "new", "refId": "t:n", "devices": []}})
    node_id = made["integration"]["node"]["id"]
    statements: list[str] = []
    store.db.set_trace_callback(statements.append)

    answer = backend.integrate(
        PROJECT, {"integration": {"nodeId": node_id, "devices": [device("d", sensor("s1"), sensor("s2"))]}}
    )

    group = answer["integration"]["devices"][0]
    assert [s["props"]["SERIAL_NO"] for s in group["sensors"]] == ["s1", "s2"]
    assert group["device"]["props"]["SIZE"] == 2  # as stored after the call's last rule
    read_back = [s for s in statements if s.startswith("SELECT") and " body FROM entities WHERE id" in s]
    assert set(read_back) == {f"SELECT body FROM entities WHERE id = '{node_id}'"}  # the connection only
