"""A THREAD site as code, tried as a new user would (issue 15's acceptance): the example plans
whole on a fresh clone, applies, and then plans empty; a logger renamed behind iotplan's back is
planned back; a sensor dropped from the manifest is kept, reported, and nothing is sent for it."""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any

import httpx
import pytest
import yaml

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import InProcessTransport
from iotplan.sim import embedded_transport
from tests.e2e.conftest import PROJECT, Workspace
from tests.served import free_port, seed_with_gateway_ports, served

SITE = "examples/thread/site.yaml"
NODE = "/fn/6C7D8E/node"
VW_LOGGER = f"{NODE}/vwlogger/032433/device"
IPI_LOGGER = f"{NODE}/dgsimlogger/032434/device"


def rpc(workspace: Workspace, method: str, params: dict[str, Any]) -> Any:
    """A JSON-RPC request to the embedded platform behind iotplan's back, as another tool would."""

    async def call() -> Any:
        emulator = embedded_transport(workspace.path / ".iotplan" / "sim.db")
        transport = InProcessTransport(connection=emulator.jsonrpc_connection)
        async with JsonRpcClient(transport, "demo-key", project_id=PROJECT) as client:
            return await client.call(method, params)

    return asyncio.run(call())


def test_the_thread_example_plans_the_whole_site_on_a_fresh_clone(workspace: Workspace) -> None:
    plan = workspace.run("plan", SITE)
    assert plan.exit_code == 0, plan.output
    assert "~ node tunnel-thread (THREAD): differs from the manifest" in plan.stdout
    assert "+ device tunnel-thread/vw-logger (VW_LOGGER): not on the platform" in plan.stdout
    assert "+ sensor tunnel-thread/ipi-chain/tilt4 (TILT_BIAXIAL_DGSI)" in plan.stdout
    assert "~ edge tunnel-thread/edge/port2.baud_rate" in plan.stdout
    assert "Plan: 9 to add," in plan.stdout


def test_a_thread_plans_json_counts_only_sensors_in_sync_and_no_gateway_setting(workspace: Workspace) -> None:
    """JSON 1.4: null where nothing was counted (an in-sync node or logger, a gateway setting)."""
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    counts = {(c["kind"], c["observations"]) for c in workspace.json("plan", SITE)["changes"]}
    assert counts == {("node", None), ("device", None), ("edge", None), ("sensor", 0)}


def test_the_thread_example_applies_and_then_plans_empty(workspace: Workspace) -> None:
    applied = workspace.run("apply", SITE, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "Verified: a fresh read shows no changes." in applied.stdout
    assert workspace.run("plan", SITE, "--detailed-exitcode").exit_code == 0
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert logger["props"]["MODE"] == "IPI_BIAXIAL" and logger["props"]["EXTERNAL_PORT"] == 2
    tilts = rpc(workspace, "getSensors", {"sensors": [f"{IPI_LOGGER}/tilt{n}/sensor" for n in range(1, 5)]})
    assert [tilt["props"]["MUX_INDEX"] for tilt in tilts] == [1, 2, 3, 4]


def test_a_logger_renamed_behind_iotplans_back_is_planned_back(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"NAME": "renamed by hand"}})
    plan = workspace.json("plan", SITE)
    (update,) = [c for c in plan["changes"] if c["action"] == "update"]
    assert update["address"] == "tunnel-thread/vw-logger" and update["live_id"] == VW_LOGGER
    assert update["fields"] == [
        {"path": "name", "before": "renamed by hand", "after": "Section 3 VW Logger", "sensitive": False}
    ]
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    assert workspace.run("plan", SITE, "--detailed-exitcode").exit_code == 0


def test_a_sensor_dropped_from_the_manifest_is_kept_reported_and_never_sent(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(
        SITE,
        "              - {key: pz-3, name: Piezometer PZ-3 (right wall), "
        "type: VW_PIEZOMETER, mux_index: 3}\n",
        "",
    )
    plan = workspace.run("plan", SITE, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output  # nothing to do: the sensor stays
    assert "tunnel-thread/vw-logger/#pz-3" in plan.stdout
    assert "documents no way to remove a THREAD's device or sensor" in plan.stdout
    assert "Plan: 0 to add, 0 to change, 0 to destroy, 1 unmanaged." in plan.stdout
    applied = workspace.run("apply", SITE, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert rpc(workspace, "getSensors", {"sensors": [f"{VW_LOGGER}/pz-3/sensor"]})  # still there


def test_drift_names_a_kept_thread_sensor_as_the_plan_does(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    pz3 = (
        "              - {key: pz-3, name: Piezometer PZ-3 (right wall), type: VW_PIEZOMETER, mux_index: 3}\n"
    )
    workspace.edit(SITE, pz3, "")
    drift = workspace.run("drift", SITE)
    assert 'UNMANAGED   sensor tunnel-thread/vw-logger/#pz-3 "Piezometer PZ-3 (right wall)": ' in drift.stdout
    assert "no serial" not in drift.stdout


def test_a_sensor_moved_to_another_logger_is_planned_with_its_history_left_behind_in_every_view(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.api("POST", "/_sim/observations", json={"sensor_id": f"{VW_LOGGER}/pz-3/sensor", "count": 500})
    pz3 = (
        "              - {key: pz-3, name: Piezometer PZ-3 (right wall), type: VW_PIEZOMETER, mux_index: 3}\n"
    )
    workspace.edit(SITE, pz3, "")
    new_logger = "          - {key: vw-logger-2, type: VW_LOGGER, port: 3, sensors: [{key: pz-3, "
    new_logger += "name: Piezometer PZ-3 (right wall), type: VW_PIEZOMETER, mux_index: 3}]}\n"
    workspace.edit(SITE, "        edge:\n", f"{new_logger}        edge:\n")
    said = "tunnel-thread/vw-logger/#pz-3 under another logger has its name and keeps its 500 observations"
    assert said in workspace.run("plan", SITE).stdout
    assert said in workspace.run("plan", SITE, "--format", "markdown").stdout
    (created,) = [
        c for c in workspace.json("plan", SITE)["changes"] if c["address"].endswith("vw-logger-2/pz-3")
    ]
    assert said in created["reason"]


def test_a_new_gateway_says_which_loggers_and_sensors_of_the_thread_it_replaces_keep_their_history(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.api("POST", "/_sim/observations", json={"sensor_id": f"{VW_LOGGER}/pz-1/sensor", "count": 500})
    site = (workspace.path / SITE).read_text()
    replaced = site[: site.index("        edge:\n")].replace(NODE, "/fn/ABC123/node")
    replaced = replaced.replace(
        "        name: Tunnel", '        register: true\n        version: "7.17.0"\n        name: Tunnel'
    )
    (workspace.path / "new-gateway.yaml").write_text(replaced)
    plan = workspace.run("plan", "new-gateway.yaml")
    assert plan.exit_code == 0, plan.output
    assert (
        "+ sensor tunnel-thread/vw-logger/pz-1 (VW_PIEZOMETER): created with tunnel-thread; "
        f"{VW_LOGGER}/pz-1/sensor on another THREAD has its name and keeps its 500 observations"
    ) in plan.stdout
    # The logger writes its serial: told once, of its box (type and serial) on the old THREAD.
    (logger,) = [line for line in plan.stdout.splitlines() if "tunnel-thread/vw-logger (VW_LOGGER)" in line]
    assert (
        f"logger VW_LOGGER serial '032433' is also under THREAD {NODE} (as {VW_LOGGER}, holding 500 "
        "observations), which this manifest does not declare: if this is a gateway swap, that is expected"
    ) in logger, logger
    assert "has its name" not in logger, logger


def test_a_plan_of_an_api_only_manifest_never_opens_json_rpc(workspace: Workspace) -> None:
    from iotplan.clients.target import TargetOptions, open_target
    from iotplan.commands.inputs import ManifestInput, load_desired
    from iotplan.commands.plan import PlanRequest, plan_command

    async def go(path: str) -> int:
        desired = load_desired(ManifestInput(path))
        async with open_target(TargetOptions(), {}) as target:
            await plan_command(target, PlanRequest(desired), {})
            assert target.jsonrpc is not None
            return sum(target.jsonrpc.requests.values())

    assert asyncio.run(go("examples/quickstart/site.yaml")) == 0
    assert asyncio.run(go(SITE)) == 0  # a THREAD site is read through REST's lists too


def test_the_thread_example_applies_against_a_served_platform_with_an_api_key(
    workspace: Workspace, monkeypatch: Any
) -> None:
    seed = seed_with_gateway_ports(workspace.path)
    thread_host = next(
        g["host"] for g in yaml.safe_load(seed.read_text())["gateways"] if g["serial"] == "6C7D8E"
    )
    workspace.edit(SITE, "host: 127.0.0.1:8404", f"host: {thread_host}")
    rpc_port = free_port()
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    with served(seed, "--rpc-port", str(rpc_port)) as url:
        _wait_for_port(rpc_port)
        target = ("--endpoint", url, "--rpc-endpoint", f"ws://127.0.0.1:{rpc_port}/")
        plan = workspace.run("plan", SITE, *target)
        assert "Plan: 9 to add," in plan.stdout, plan.output
        applied = workspace.run("apply", SITE, "--auto-approve", *target)
        assert applied.exit_code == 0, applied.output
        assert workspace.run("plan", SITE, "--detailed-exitcode", *target).exit_code == 0


def test_the_thread_example_applies_under_a_rate_limit_rest_and_json_rpc_share(
    workspace: Workspace, monkeypatch: Any
) -> None:
    """The platform meters the subscription: --rate-limit paces JSON-RPC with REST, and a -32029
    is waited out and sent again. The site's edge settings are left out: the emulator's limit
    would meter its THREAD gateways' own API too, which no platform subscription does."""
    site = workspace.path / SITE
    site.write_text(site.read_text().split("        edge:\n")[0])
    rpc_port = free_port()
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    with served(seed_with_gateway_ports(workspace.path), "--rpc-port", str(rpc_port)) as url:
        _wait_for_port(rpc_port)
        httpx.post(f"{url}/_sim/faults", json={"rate_limit": "300/min"}).raise_for_status()
        target = (
            "--endpoint",
            url,
            "--rpc-endpoint",
            f"ws://127.0.0.1:{rpc_port}/",
            "--rate-limit",
            "300/min",
        )
        applied = workspace.run("apply", SITE, "--auto-approve", *target)
        assert applied.exit_code == 0, applied.output
        assert "tunnel-thread: applied (10 changes)" in applied.stdout, applied.output
        assert workspace.run("plan", SITE, "--detailed-exitcode", *target).exit_code == 0


def test_the_thread_example_converges_in_one_apply_where_the_platform_writes_before_it_rate_limits(
    workspace: Workspace, monkeypatch: Any
) -> None:
    """rpc-rate-limited-after-write breaks A6+: a create over the JSON-RPC limit is made, then
    refused. Sent again, it is answered "already exists"; read back by its id, it is taken as made
    by the first attempt and the unit goes on: one apply, no copy. Only creates are metered, so
    the site's edge settings (its gateway's own API) are untouched by the limit."""
    rpc_port = free_port()
    monkeypatch.setenv("IOTPLAN_API_KEY", "demo-key")
    seed = seed_with_gateway_ports(workspace.path)
    thread_host = next(
        g["host"] for g in yaml.safe_load(seed.read_text())["gateways"] if g["serial"] == "6C7D8E"
    )
    workspace.edit(SITE, "host: 127.0.0.1:8404", f"host: {thread_host}")
    flags = ("--rpc-port", str(rpc_port), "--variant", "rpc-rate-limited-after-write")
    with served(seed, *flags) as url:
        _wait_for_port(rpc_port)
        limit = {"rate_limit": "120/min", "routes": "/jsonrpc/create*"}
        httpx.post(f"{url}/_sim/faults", json=limit).raise_for_status()
        target = ("--endpoint", url, "--rpc-endpoint", f"ws://127.0.0.1:{rpc_port}/")
        applied = workspace.run("apply", SITE, "--auto-approve", *target)
        assert applied.exit_code == 0, applied.output
        assert "already exists" not in applied.output and "not applied" not in applied.output
        answered = httpx.get(f"{url}/_sim/requests").json()["answered"]
        assert answered.get("rpc error"), answered  # -32029 for a create it made, then -32009
        assert workspace.run("plan", SITE, "--detailed-exitcode", *target).exit_code == 0
        devices = httpx.get(
            f"{url}/api/devices/all",
            params={"projectIds": PROJECT},
            headers={"Authorization": "ApiKey demo-key"},
        ).json()
        assert sorted(d["id"] for d in devices if d["id"].startswith(NODE)) == sorted([VW_LOGGER, IPI_LOGGER])


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def test_an_imported_thread_site_plans_no_changes(workspace: Workspace) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    imported = workspace.run("import", "--project", PROJECT, "--stack", "site", "--output", "imported.yaml")
    assert imported.exit_code == 0, imported.output
    text = (workspace.path / "imported.yaml").read_text()
    assert "type: DGSI_M_LOGGER" in text and "mux_index: 4" in text and "mode: IPI_BIAXIAL" in text
    assert workspace.run("plan", "imported.yaml", "--detailed-exitcode").exit_code == 0


def test_a_rename_is_planned_back_in_one_apply_even_where_update_replaces_props(
    workspace: Workspace, monkeypatch: Any
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-update-replaces")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    kept = {name: logger["props"][name] for name in ("EXTERNAL_PORT", "MODE", "ZERO_DATE")}
    rpc(workspace, "updateDevice", {"device": IPI_LOGGER, "props": {**kept, "NAME": "renamed by hand"}})
    applied = workspace.run("apply", SITE, "--auto-approve")
    # Every declared prop sent: MODE is not lost. The SERIAL_NO the hand rename dropped is not written
    # back (plan/thread_identity.py): never "Verified" while it is gone.
    assert applied.exit_code == 1 and "holds no SERIAL_NO" in applied.stdout, applied.output
    assert workspace.run("plan", SITE, "--detailed-exitcode").exit_code == 0  # noted, nothing to write


def port_3_site(workspace: Workspace, serial: str, host: str, edge: str) -> str:
    """A new vibrating-wire logger with one piezometer on port 3 of a seeded THREAD."""
    (workspace.path / "port3.yaml").write_text(
        f"apiVersion: iotplan/v1\nstack: p3\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
        f"      - key: thr\n        kind: thread\n        id: /fn/{serial}/node\n        devices:\n"
        '          - {key: vw, type: VW_LOGGER, serial: "099001", port: 3, '
        "sensors: [{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}]}\n"
        f"        edge: {{host: '{host}'{edge}}}\n"
    )
    return "port3.yaml"


def devices_of(workspace: Workspace, serial: str) -> list[str]:
    devices = workspace.api("GET", "/api/devices/all", params={"projectIds": PROJECT, "pageSize": 1000})
    return [d["id"] for d in devices if d["id"].startswith(f"/fn/{serial}/node/")]


@pytest.mark.parametrize(
    "edge", ["", ", port3: {power: 12V, comm_type: RS485}"], ids=["logger only", "port3"]
)
def test_a_logger_on_a_port_the_thread_lacks_is_refused_where_the_gateway_reads_it_as_empty_settings(
    workspace: Workspace, monkeypatch: Any, edge: str
) -> None:
    """`missing-port-empty-config`: port 3 of the two-port THREAD answers `{}`, and its voltage read
    `port 3 does not exist`: refused as the default platform's 400 makes it, and nothing is written."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "missing-port-empty-config")
    site = port_3_site(workspace, "5D6E7F", "127.0.0.1:8402", edge)
    applied = workspace.run("apply", site, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert "thr/vw: port 3 is not a port of this THREAD (it has 1, 2)" in applied.stderr
    assert devices_of(workspace, "5D6E7F") == []


def test_a_logger_on_port_3_waits_while_its_gateway_sleeps_and_is_created_once_it_wakes(
    workspace: Workspace,
) -> None:
    site = port_3_site(workspace, "4A1B2C", "127.0.0.1:8401", "")
    workspace.api("POST", "/_sim/gateways/4A1B2C", json={"status": "asleep"})
    planned = workspace.run("plan", site, "--detailed-exitcode")  # a held logger is missing, as drift says
    assert planned.exit_code == 2, planned.output
    assert (
        "Not converged: 1 gateway could not be read" in planned.stdout and "No changes" not in planned.stdout
    )
    applied = workspace.run("apply", site, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert (
        "thr/vw: pending\n    not on the platform; held, not created: port 3 is not confirmed"
        in applied.stdout
    )
    assert "Not verified: 1 gateway could not be read (pending)" in applied.stdout
    assert "1 logger held, not created: its port is not confirmed." in applied.stdout
    assert devices_of(workspace, "4A1B2C") == []
    workspace.api("POST", "/_sim/gateways/4A1B2C", json={"status": "ok"})
    applied = workspace.run("apply", site, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert devices_of(workspace, "4A1B2C") == ["/fn/4A1B2C/node/vwlogger/099001/device"]


ELSEWHERE = """
apiVersion: iotplan/v1
stack: other
projects:
  - id: 0d9c2a4e-8f1b-4c55-9e11-3a7b6c2d1e00
    nodes:
      - key: tunnel-thread
        kind: thread
        id: /fn/6C7D8E/node
        register: true
        version: 7.17.0
        name: Copy of tunnel thread
"""


def test_registering_a_thread_registered_in_another_project_says_so_and_what_to_do(
    workspace: Workspace,
) -> None:
    """/fn/6C7D8E/node is in the Quickstart project; "Second site", which demo-key reaches too, is
    asked to register it. The platform's "already exists" is explained, never "run it again"."""
    (workspace.path / "other.yaml").write_text(ELSEWHERE)
    plan = workspace.run("plan", "other.yaml")
    assert "registered (register: true): if this THREAD is registered in another project" in plan.stdout
    for _ in range(2):  # the same answer each time, and nothing made
        applied = workspace.run("apply", "other.yaml", "--auto-approve")
        assert applied.exit_code == 1, applied.output
        assert (
            "already exists" in applied.output
            and "registered elsewhere, in another project" in applied.output
        )
        assert "remove `register: true`" in applied.output
        assert "Running apply again is refused the same way" in applied.output
