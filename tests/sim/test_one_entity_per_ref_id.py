"""One live entity per refId under one parent, connections included, whatever the requests race."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from iotplan.sim import SimBackend, SimTransport, create_app, demo_seed
from iotplan.sim.store import Store
from tests.served import seed_with_gateway_ports, served
from tests.sim.test_integrate_rules import AUTH, PROJECT, Platform, device

INTEGRATE = f"/api/integrations/integrate?projectIds={PROJECT}"
CONNECTION = {"integration": {"changeState": "new", "refId": "race:site"}}


def connections_with(nodes: list[dict[str, Any]], ref_id: str) -> int:
    return sum(1 for node in nodes if node["props"].get("SERIAL_NO") == ref_id)


def listed_nodes(platform: Platform) -> list[dict[str, Any]]:
    listing = platform.call("GET", "/api/nodes/all", params={"projectIds": PROJECT, "pageSize": 1000})
    return list(listing.json())


def test_a_second_connection_with_one_ref_id_is_refused(platform: Platform) -> None:
    assert platform.call("POST", INTEGRATE, json=CONNECTION).status_code == 200
    again = platform.call("POST", INTEGRATE, json=CONNECTION)
    assert again.status_code == 409 and again.json()["error"]["code"] == "DuplicateRefId"
    assert connections_with(listed_nodes(platform), "race:site") == 1


def test_the_same_ref_id_in_another_project_is_another_connection(platform: Platform) -> None:
    other = demo_seed()["projects"][1]["id"]
    assert platform.integrate(CONNECTION["integration"]).status_code == 200
    assert platform.integrate(CONNECTION["integration"], project=other).status_code == 200


def test_a_connection_cannot_be_renamed_onto_another_ones_ref_id(platform: Platform) -> None:
    platform.integrate(CONNECTION["integration"])
    second = platform.integrate({"changeState": "new", "refId": "race:other"}).json()["integration"]["node"]
    rename = {"nodeId": second["id"], "changeState": "update", "props": {"SERIAL_NO": "race:site"}}
    assert platform.integrate(rename).status_code == 409
    assert connections_with(listed_nodes(platform), "race:site") == 1


def test_a_serial_number_sent_as_a_prop_cannot_copy_another_devices_ref_id(platform: Platform) -> None:
    node = platform.node([device("d")])["node"]["id"]
    copy = {"changeState": "new", "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "SERIAL_NO": "d"}}
    assert platform.integrate({"nodeId": node, "devices": [copy]}).status_code == 409


def test_twenty_concurrent_creates_over_sockets_make_one_connection(tmp_path: Path) -> None:
    async def race(url: str) -> list[int]:
        async with httpx.AsyncClient(base_url=url, headers=AUTH, timeout=30) as http:
            answers = await asyncio.gather(*(http.post(INTEGRATE, json=CONNECTION) for _ in range(20)))
        return sorted(answer.status_code for answer in answers)

    with served(seed_with_gateway_ports(tmp_path), "--db", str(tmp_path / "sim.db")) as url:
        assert asyncio.run(race(url)) == [200] + [409] * 19
        nodes = httpx.get(f"{url}/api/nodes/all", params={"projectIds": PROJECT}, headers=AUTH).json()
        assert connections_with(nodes, "race:site") == 1


def test_two_embedded_platforms_on_one_database_racing_make_one_connection(tmp_path: Path) -> None:
    """Two `iotplan apply` runs in one folder: each opens .iotplan/sim.db on its own connection."""
    db = tmp_path / "sim.db"
    SimBackend(Store(db)).seed(demo_seed())
    statuses: list[int] = []

    def one_apply() -> None:
        async def creates() -> list[int]:
            transport = SimTransport(app=create_app(SimBackend(Store(db))))
            async with httpx.AsyncClient(transport=transport, base_url="http://sim", headers=AUTH) as http:
                return [(await http.post(INTEGRATE, json=CONNECTION)).status_code for _ in range(10)]

        statuses.extend(asyncio.run(creates()))

    threads = [threading.Thread(target=one_apply) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200] + [409] * 19
    nodes = SimBackend(Store(db)).page("node", PROJECT, {"pageSize": "1000"})
    assert connections_with(nodes, "race:site") == 1


def test_the_database_itself_refuses_a_second_live_entity_with_one_ref_id(tmp_path: Path) -> None:
    store = Store(tmp_path / "sim.db")
    node = {"id": "/api/AAAAAA/node", "props": {"SERIAL_NO": "x"}}
    store.insert("node", node, (PROJECT, None, None), "x")
    with pytest.raises(Exception, match="UNIQUE"):
        store.insert("node", {**node, "id": "/api/BBBBBB/node"}, (PROJECT, None, None), "x")


@pytest.fixture
def platform() -> Platform:
    return Platform()
