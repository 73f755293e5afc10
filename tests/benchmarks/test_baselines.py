"""The baselines find a difference: a sensor renamed behind the manifest's back is reported by the
per-connection script and by the per-resource refresh, at toy size against a served emulator."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks import emulator
from benchmarks.baselines import REFRESH, SCRIPT, declared, write_state
from benchmarks.child import ChildRun, run_iotplan, run_script
from benchmarks.fleet import TEMPLATE, DriftedSensor, FleetSize, drift_bodies, render, write_seed, write_vars
from benchmarks.scenarios import send_all

SIZE = FleetSize(connections=2, devices=2, sensors=2, gateways=1)
RENAMED = DriftedSensor(connection=1, device=0, sensor=1)  # fleet:c1/d0/s1


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[emulator.Emulator, Path, Path]]:
    folder = tmp_path_factory.mktemp("baselines")
    vars_file, seed = write_vars(SIZE, folder), write_seed(SIZE, folder)
    with emulator.serve(seed, 0, folder / "emulator.log") as server:
        applied = run_iotplan(
            ["apply", str(TEMPLATE), "--vars", str(vars_file), "--endpoint", server.url, "--auto-approve"],
            folder,
            "cold",
        )
        assert applied.exit_code == 0, applied.error_tail()
        yield server, render(vars_file, folder), folder


def script(server: emulator.Emulator, rendered: Path, folder: Path, name: str) -> ChildRun:
    return run_script(SCRIPT, [str(rendered), "--endpoint", server.url], folder, name)


def refresh(server: emulator.Emulator, rendered: Path, folder: Path, name: str) -> ChildRun:
    state = write_state(server.list_pages, rendered, folder)
    return run_script(REFRESH, [str(rendered), str(state), "--endpoint", server.url], folder, name)


def rename_behind_its_back(server: emulator.Emulator) -> None:
    asyncio.run(send_all(server.url, drift_bodies([RENAMED], server.node_ids()), 1))


def test_in_sync_then_a_rename_is_found_by_both_baselines(fleet: tuple[Any, Path, Path]) -> None:
    server, rendered, folder = fleet
    before = (
        script(server, rendered, folder, "script-before"),
        refresh(server, rendered, folder, "refresh-before"),
    )
    assert [run.exit_code for run in before] == [0, 0]
    in_sync = before[1].last_json_line()
    assert before[0].differences() == 0 and in_sync is not None and in_sync["differences"] == 0

    rename_behind_its_back(server)

    found = script(server, rendered, folder, "script-after")
    assert found.exit_code == 2 and found.differences() == 1
    assert "fleet:c1/d0/s1: name 'Renamed by hand' != 'Sensor 1.0.1'" in found.stdout.read_text()
    refreshed = refresh(server, rendered, folder, "refresh-after")
    report = refreshed.last_json_line()
    assert report is not None
    assert refreshed.exit_code == 2 and report["differences"] == 1
    assert report["read"] == report["resources"] == SIZE.entity_count
    assert "fleet:c1/d0/s1: differs" in refreshed.stdout.read_text()


def test_the_refresh_state_holds_every_declared_resource_in_manifest_order(
    fleet: tuple[Any, Path, Path],
) -> None:
    server, rendered, folder = fleet
    resources = json.loads(write_state(server.list_pages, rendered, folder).read_text())["resources"]
    assert [r["address"] for r in resources][:4] == [
        "fleet:c0",
        "fleet:c0/d0",
        "fleet:c0/d0/s0",
        "fleet:c0/d0/s1",
    ]
    assert len(resources) == SIZE.entity_count
    assert {r["kind"] for r in resources} == {"connection", "device", "sensor"}
    thread = next(r for r in resources if r["address"].startswith("/fn/"))
    assert thread["node"] == thread["id"] == "/fn/B00000/node"
    sensor = resources[2]
    assert sensor["id"].startswith(sensor["node"])  # read through its connection


def test_declared_walks_connections_devices_and_sensors() -> None:
    manifest = {
        "stack": "s",
        "projects": [
            {
                "id": "p",
                "nodes": [
                    {"key": "a", "devices": [{"key": "d", "sensors": [{"key": "x"}]}]},
                    {"key": "t", "id": "/fn/ABC/node"},
                ],
            }
        ],
    }
    assert list(declared(manifest)) == [
        ("s:a", "connection", "p"),
        ("s:a/d", "device", "p"),
        ("s:a/d/x", "sensor", "p"),
        ("/fn/ABC/node", "connection", "p"),
    ]
