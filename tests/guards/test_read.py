"""live/read.py: which connections are read, and how. A THREAD's devices belong to its gateway:
it is never read through `POST /api/integrations/{nodeId}`, nor through the device lists."""

from __future__ import annotations

import asyncio
import dataclasses
from collections import Counter
from typing import Any

import pytest

from iotplan.clients.paging import requests_for
from iotplan.clients.platform import Keep
from iotplan.errors import PlanError
from iotplan.live.read import ProjectScope, read_live
from tests.live.lists import kept

PROJECT = "p1"
THREAD = "/fn/4A1B2C/node"


def node(node_id: str, serial: str | None, **extra: Any) -> dict[str, Any]:
    props = {"NAME": node_id} | ({"SERIAL_NO": serial} if serial is not None else {})
    return {"id": node_id, "props": props, **extra}


def device(node_id: str, hex_id: str, serial: str) -> dict[str, Any]:
    return {"id": f"{node_id}/dynamic/{hex_id}/device", "props": {"SERIAL_NO": serial, "NODE_ID": node_id}}


def sensor(device_raw: dict[str, Any], hex_id: str, serial: str) -> dict[str, Any]:
    return {
        "id": f"{device_raw['id']}/{hex_id}/sensor",
        "device": device_raw["id"],
        "props": {"SERIAL_NO": serial},
    }


class Platform:
    """A fake PlatformReader: answers from lists and records every request, with its argument."""

    def __init__(self, nodes: list[dict[str, Any]], devices=(), sensors=(), exists: bool = True):
        self.nodes, self.devices, self.sensors, self.exists = nodes, list(devices), list(sensors), exists
        self.asked: list[tuple[str, Any]] = []
        self.running = 0
        self.most_at_once = 0

    async def _call(self, name: str, argument: Any) -> None:
        self.asked.append((name, argument))
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        self.running -= 1

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        await self._call("list_nodes", project_id)
        return self.nodes

    async def list_nodes_again(self, project_id: str) -> list[dict[str, Any]]:
        return await self.list_nodes(project_id)  # recorded as list_nodes: nothing is shared here

    async def list_devices(self, project_id: str, expected: int = 0, keep: Keep | None = None) -> list[Any]:
        await self._call("list_devices", (project_id, expected))
        return kept(self.devices, keep, "GET /api/devices/all")

    async def list_sensors(self, project_id: str, expected: int = 0, keep: Keep | None = None) -> list[Any]:
        await self._call("list_sensors", (project_id, expected))
        return kept(self.sensors, keep, "GET /api/sensors/all")

    def list_requests(self, items: int) -> int:
        return requests_for(items)

    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        await self._call("get_integration", node_id)
        groups = [
            {"device": d, "sensors": [s for s in self.sensors if s["device"] == d["id"]]}
            for d in self.devices
            if d["props"]["NODE_ID"] == node_id
        ]
        return {"integration": {"node": next(n for n in self.nodes if n["id"] == node_id), "devices": groups}}

    async def get_project(self, project_id: str) -> dict[str, Any] | None:
        await self._call("get_project", project_id)
        return {"id": project_id} if self.exists else None

    async def device_types(self) -> dict[str, Any]:
        await self._call("device_types", None)
        return {"deviceTypes": [{"id": "IMPORT_DEVICE_SDE"}]}

    async def sensor_types(self) -> dict[str, Any]:
        await self._call("sensor_types", None)
        return {"sensorTypes": [{"id": "GENERIC_SENSOR_SDE"}]}

    async def metric_types(self) -> dict[str, Any]:
        await self._call("metric_types", None)
        return {"metrics": []}

    def count(self) -> Counter[str]:
        return Counter(name for name, _ in self.asked)


def scope(refs=(), pinned=(), devices: int = 0, sensors: int = 0) -> ProjectScope:
    return ProjectScope(PROJECT, frozenset(pinned), frozenset(refs), "site:", devices, sensors)


def read(platform: Platform, *scopes: ProjectScope, **options: Any):
    return asyncio.run(read_live(platform, list(scopes), target="fake", **options))


def mixed_project() -> Platform:
    ours = node("/api/000001/node", "site:dam-a")
    d = device(ours["id"], "00000D", "site:dam-a/logger")
    return Platform(
        [
            ours,
            node(THREAD, "site:thread-north", type="THREAD"),
            node("/fn/5B5B5B/node", "someone-else"),
            node("/api/000002/node", "other-tool"),
        ],
        [d, device(THREAD, "00000E", "site:thread-north/port1")],
        [sensor(d, "00000F", "site:dam-a/logger/pz")],
    )


# --- THREAD gateways --------------------------------------------------------------------------------
@pytest.mark.parametrize("more", [0, 3])  # read one by one, or (more connections) through the lists
def test_a_thread_node_is_never_read_through_post_api_integrations_node_id(more: int) -> None:
    platform = mixed_project()
    platform.nodes += [node(f"/api/{n:06X}/node", f"site:n{n}") for n in range(10, 10 + more)]
    live = read(platform, scope(["site:dam-a", "site:thread-north"]))
    assert ("get_integration", THREAD) not in platform.asked
    assert platform.count()["list_devices"] == (1 if more else 0)
    gateway = live.projects[PROJECT].connections[THREAD]
    assert gateway.node.ref_id == "site:thread-north" and gateway.devices == [] and gateway.sensors == {}
    assert gateway.project_id == PROJECT


def test_a_thread_node_claimed_by_the_manifest_is_read_as_a_connection_to_check_it_exists() -> None:
    live = read(mixed_project(), scope(pinned=[THREAD]))
    assert set(live.projects[PROJECT].connections) == {THREAD, "/api/000001/node"}


def test_a_thread_whose_id_differs_only_in_case_from_a_claimed_one_is_read_to_refuse_a_copy() -> None:
    platform = mixed_project()
    platform.nodes.append(node("/fn/6c7d8e/node", "6c7d8e", type="THREAD"))
    live = read(platform, scope(pinned=["/fn/6C7D8E/node"]))
    assert "/fn/6c7d8e/node" in live.projects[PROJECT].connections


def test_a_thread_the_manifest_does_not_claim_is_neither_read_nor_offered_for_adoption() -> None:
    project = read(mixed_project(), scope(["site:dam-a"])).projects[PROJECT]
    assert "/fn/5B5B5B/node" not in project.connections
    assert [entity.id for entity in project.unclaimed] == ["/api/000002/node"]


def test_the_threads_a_manifest_does_not_declare_are_read_whole_beside_a_thread_site_it_declares() -> None:
    """A new gateway's loggers and sensors may be named like another THREAD's, which keeps their history."""
    platform = mixed_project()
    other = device("/fn/5B5B5B/node", "00000A", "")
    platform.devices.append(other)
    platform.sensors.append(sensor(other, "00000B", ""))
    site = dataclasses.replace(scope(pinned=["/fn/7E8F90/node"]), thread_ids=frozenset({"/fn/7E8F90/node"}))
    project = read(platform, site).projects[PROJECT]
    (thread,) = project.other_threads.values()
    assert thread.node.id == "/fn/5B5B5B/node" and thread.devices[0].id == other["id"]
    assert [s.id for s in thread.sensors_of(thread.devices[0])] == [f"{other['id']}/00000B/sensor"]
    assert THREAD not in project.other_threads  # claimed by the manifest (its refId)
    assert read(mixed_project(), scope(["site:dam-a"])).projects[PROJECT].other_threads == {}


def test_api_connections_are_read_one_request_each_the_claimed_and_other_tools() -> None:
    """Another tool's connection too: the stack's own entities may sit under it (its orphans)."""
    platform = mixed_project()
    read(platform, scope(["site:dam-a"]))
    assert [argument for name, argument in platform.asked if name == "get_integration"] == [
        "/api/000001/node",
        "/api/000002/node",
    ]
    assert platform.count() == Counter(
        list_nodes=1, get_integration=2, device_types=1, sensor_types=1, metric_types=1
    )


# --- which connections --------------------------------------------------------------------------------
def test_a_connection_is_claimed_by_its_pinned_id_its_ref_id_or_the_stacks_prefix() -> None:
    claims = ProjectScope(PROJECT, frozenset({"/api/X/node"}), frozenset({"adopted"}), "site:")
    assert claims.claims(node("/api/X/node", "anything"))
    assert claims.claims(node("/api/Y/node", "adopted"))
    assert claims.claims(node("/api/Z/node", "site:dam-a"))
    assert not claims.claims(node("/api/W/node", "sites:dam-a"))
    assert not claims.claims(node("/api/V/node", None))
    assert not claims.claims({"id": "/api/U/node"})
    assert claims.claims({"id": "/api/T/node", "props": {"SERIAL_NO": "site:x"}})


def test_a_connection_read_one_by_one_carries_its_devices_and_their_sensors() -> None:
    connection = (
        read(mixed_project(), scope(["site:dam-a"])).projects[PROJECT].connections["/api/000001/node"]
    )
    [logger] = connection.devices
    assert logger.ref_id == "site:dam-a/logger" and logger.parent_id == "/api/000001/node"
    [pz] = connection.sensors_of(logger)
    assert pz.ref_id == "site:dam-a/logger/pz" and pz.parent_id == logger.id


def test_a_connection_read_one_by_one_is_the_node_its_integration_answers_with() -> None:
    """The count of a connection is on the node of its integration answer, not on the node list."""
    listed = node("/api/000001/node", "site:dam-a")
    platform = Platform([listed])
    answered = {**listed, "props": {**listed["props"], "OBSERVATION_COUNT": 42}}

    async def integration(project_id: str, node_id: str) -> dict[str, Any]:
        return {"integration": {"node": answered, "devices": []}}

    platform.get_integration = integration  # type: ignore[method-assign]
    connection = read(platform, scope(["site:dam-a"])).projects[PROJECT].connections["/api/000001/node"]
    assert connection.node.observations == 42 and connection.project_id == PROJECT


def test_an_answer_without_the_integration_envelope_is_read_from_its_node() -> None:
    ours = node("/api/000001/node", "site:dam-a")
    platform = Platform([ours])

    async def bare(project_id: str, node_id: str) -> dict[str, Any]:
        return {
            "node": ours,
            "devices": [{"device": device(node_id, "00000D", "site:dam-a/d"), "sensors": []}],
        }

    platform.get_integration = bare  # type: ignore[method-assign]
    connection = read(platform, scope(["site:dam-a"])).projects[PROJECT].connections["/api/000001/node"]
    assert connection.node.ref_id == "site:dam-a" and [d.ref_id for d in connection.devices] == [
        "site:dam-a/d"
    ]
    assert connection.sensors_of(connection.devices[0]) == []


def test_many_connections_are_read_through_the_lists_keeping_each_device_under_its_own() -> None:
    nodes = [node(f"/api/{n:06X}/node", f"site:n{n}") for n in range(5)]
    devices = [device(n["id"], "00000D", f"{n['props']['SERIAL_NO']}/d") for n in nodes]
    devices.append(device("/api/FFFFFF/node", "00000E", "other"))
    sensors = [sensor(d, "00000F", f"{d['props']['SERIAL_NO']}/s") for d in devices]
    platform = Platform(nodes, devices, sensors)
    live = read(platform, scope(devices=5, sensors=5))  # 2 + 2 requests < 5 connections
    assert platform.count()["get_integration"] == 0
    assert ("list_devices", (PROJECT, 5)) in platform.asked and (
        "list_sensors",
        (PROJECT, 5),
    ) in platform.asked
    for n in range(5):
        connection = live.projects[PROJECT].connections[f"/api/{n:06X}/node"]
        [d] = connection.devices
        assert d.ref_id == f"site:n{n}/d" and d.parent_id == connection.node.id
        assert connection.project_id == PROJECT
        assert [s.ref_id for s in connection.sensors_of(d)] == [f"site:n{n}/d/s"]
        assert connection.sensors_of(d)[0].parent_id == d.id


def test_the_lists_are_used_only_when_they_cost_fewer_requests() -> None:
    nodes = [node(f"/api/{n:06X}/node", f"site:n{n}") for n in range(2)]
    platform = Platform(nodes)
    read(platform, scope(devices=0, sensors=0))  # 2 pages, 2 connections: equal, so one by one
    assert platform.count()["get_integration"] == 2 and platform.count()["list_devices"] == 0


@pytest.mark.parametrize(
    ("devices", "sensors", "one_by_one"),
    [(1000, 0, False), (1001, 0, True), (0, 1000, False), (0, 1001, True)],
)
def test_a_page_holds_a_thousand_entities(devices: int, sensors: int, one_by_one: bool) -> None:
    """Assumption A5: a list ends at an empty page, so 1,000 expected devices and no sensor cost three
    requests (a full page and an empty one, and the empty sensor list), 1,001 devices four: four
    connections are read through the lists in the first case, one by one in the second."""
    nodes = [node(f"/api/{n:06X}/node", f"site:n{n}") for n in range(4)]
    platform = Platform(nodes)
    read(platform, scope(devices=devices, sensors=sensors))
    assert platform.count()["get_integration"] == (4 if one_by_one else 0)


# --- projects ---------------------------------------------------------------------------------------
def test_a_project_that_does_not_exist_is_a_clear_error() -> None:
    platform = Platform([], exists=False)
    with pytest.raises(PlanError) as raised:
        read(platform, ProjectScope("nowhere", frozenset(), frozenset(), "site:"))
    assert (
        str(raised.value) == "project nowhere does not exist on the target, or this credential cannot see it"
    )
    assert ("get_project", "nowhere") in platform.asked


def test_an_existing_project_with_no_connection_is_empty_not_an_error() -> None:
    platform = Platform([])
    project = read(platform, scope(["site:x"])).projects[PROJECT]
    assert project.exists and project.connections == {} and project.unclaimed == []


def test_a_project_with_connections_is_not_asked_whether_it_exists() -> None:
    platform = mixed_project()
    read(platform, scope())
    assert platform.count()["get_project"] == 0


def test_each_project_is_read_under_its_own_id() -> None:
    platform = mixed_project()
    live = read(platform, scope(["site:dam-a"]), ProjectScope("p2", frozenset(), frozenset(), "site:"))
    assert set(live.projects) == {PROJECT, "p2"} and live.target == "fake"
    assert [argument for name, argument in platform.asked if name == "list_nodes"] == [PROJECT, "p2"]


# --- the catalog and the request budget -------------------------------------------------------------------
def test_the_catalog_is_read_once_unless_not_wanted() -> None:
    platform = mixed_project()
    live = read(platform, scope(), catalog=False)
    assert live.catalog is None and platform.count()["device_types"] == 0
    live = read(platform, scope())
    assert live.catalog is not None and live.catalog.device_templates == {"IMPORT_DEVICE_SDE"}


def test_by_default_sixteen_requests_run_at_once() -> None:
    nodes = [node(f"/api/{n:06X}/node", f"site:n{n}") for n in range(20)]
    platform = Platform(nodes)
    read(platform, scope(devices=100_000, sensors=100_000))
    assert platform.count()["get_integration"] == 20 and platform.most_at_once == 16


def test_no_more_requests_run_at_once_than_the_parallelism_allows() -> None:
    nodes = [node(f"/api/{n:06X}/node", f"site:n{n}") for n in range(8)]
    platform = Platform(nodes)
    read(platform, scope(devices=10_000, sensors=10_000), parallelism=2)
    assert platform.most_at_once == 2


def test_a_connection_another_shard_claims_is_never_taken_for_an_earlier_copy_of_ours() -> None:
    def node(node_id: str, serial: str) -> dict:
        return {"id": node_id, "props": {"SERIAL_NO": serial}}

    scope = ProjectScope(
        PROJECT,
        frozenset({"/api/MINE/node"}),
        frozenset({"site:dam-a"}),
        "site:",
        elsewhere=frozenset({"/api/THEIRS/node", "OTHER-REF"}),
        holds=lambda address: address == "dam-a",
    )
    assert scope.foreign(node("/api/ELSE/node", "ABCDEF"))  # another tool's: a possible earlier copy
    assert not scope.foreign(node("/api/THEIRS/node", "ABCDEF"))  # another shard's, by its id
    assert not scope.foreign(node("/api/ELSE/node", "OTHER-REF"))  # another shard's, by its refId
    assert not scope.foreign(node("/api/MINE/node", "ABCDEF"))  # this shard's, by its id
    assert not scope.foreign(node("/api/ELSE/node", "site:dam-z"))  # the stack's, in another shard
