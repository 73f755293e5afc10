"""`iotplan sim serve` refuses what it cannot do before it writes or announces anything."""

from __future__ import annotations

import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from click.testing import CliRunner, Result

from iotplan.cli.main import cli
from iotplan.sim import SimBackend, demo_seed
from iotplan.sim.seed import SeedError, load_seed
from iotplan.sim.store import Store
from tests.served import free_port, free_ports, seed_with_gateway_ports

PROJECT = demo_seed()["projects"][0]["id"]
AUTH = {"Authorization": "ApiKey demo-key"}


def serve(*args: str) -> Result:
    """Only commands that fail before serving: they return at once."""
    rpc_port_default = [] if "--rpc-port" in args else ["--rpc-port", "0"]  # each option given once
    return CliRunner().invoke(cli, ["sim", "serve", *rpc_port_default, *args])


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield int(taken.getsockname()[1])


def existing_database(folder: Path) -> tuple[Path, Path]:
    """A database made by an earlier run: seeded, with one connection of its own."""
    db, seed = folder / "sim.db", seed_with_gateway_ports(folder)
    store = Store(db)
    backend = SimBackend(store)
    backend.seed(yaml.safe_load(seed.read_text()))
    backend.integrate(PROJECT, {"integration": {"changeState": "new", "refId": "kept:node"}})
    store.close()
    return db, seed


def test_a_busy_platform_port_fails_in_one_line_and_writes_nothing(tmp_path: Path, busy_port: int) -> None:
    db, seed = tmp_path / "state" / "sim.db", seed_with_gateway_ports(tmp_path)
    result = serve("--port", str(busy_port), "--db", str(db), "--seed", str(seed))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{busy_port}: Address already in use"
    ]
    assert not db.parent.exists()


def test_a_busy_thread_port_fails_before_the_platform_is_announced(tmp_path: Path, busy_port: int) -> None:
    db = tmp_path / "sim.db"
    first, *others = free_ports(3)
    seed = seed_with_gateway_ports(tmp_path, [first, busy_port, *others])
    result = serve("--port", str(free_port()), "--db", str(db), "--seed", str(seed))
    assert result.exit_code == 1
    assert "platform on" not in result.output and f"127.0.0.1:{busy_port}" in result.output
    assert list(tmp_path.iterdir()) == [seed]


def test_a_busy_thread_port_names_the_seeds_host_and_the_option_that_moves_it(
    tmp_path: Path, busy_port: int
) -> None:
    first, *others = free_ports(3)
    seed = seed_with_gateway_ports(tmp_path, [first, busy_port, *others])
    thread = demo_seed()["gateways"][1]["serial"].upper()
    result = serve("--port", str(free_port()), "--seed", str(seed))
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"Error: cannot listen on 127.0.0.1:{busy_port}: Address already in use")
    assert f"THREAD {thread}" in line and f"host: 127.0.0.1:{busy_port}" in line and str(seed) in line
    assert "--edge-port-base" in line


def test_threads_moved_past_the_last_port_are_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "sim.db"
    result = serve("--port", str(free_port()), "--db", str(db), "--edge-port-base", "65534")
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert "--edge-port-base 65534" in line and "4 THREADs" in line and "65535" in line
    assert list(tmp_path.iterdir()) == []


def test_threads_of_an_existing_database_are_not_moved(tmp_path: Path) -> None:
    db, _ = existing_database(tmp_path)
    before = db.read_bytes()
    result = serve("--port", str(free_port()), "--db", str(db), "--edge-port-base", "0")
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert "--edge-port-base" in line and f"{db} already exists" in line
    assert db.read_bytes() == before


def test_the_same_port_for_the_platform_and_json_rpc_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    db, seed, port = tmp_path / "sim.db", seed_with_gateway_ports(tmp_path), free_port()
    result = serve("--port", str(port), "--rpc-port", str(port), "--db", str(db), "--seed", str(seed))
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert f"127.0.0.1:{port}" in line and "--port" in line and "--rpc-port" in line
    assert list(tmp_path.iterdir()) == [seed]


def test_a_thread_seeded_on_the_platforms_port_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    port, first, *others = free_ports(4)
    db, seed = tmp_path / "sim.db", seed_with_gateway_ports(tmp_path, [first, port, *others])
    thread = demo_seed()["gateways"][1]["serial"].upper()
    result = serve("--port", str(port), "--db", str(db), "--seed", str(seed))
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert f"127.0.0.1:{port}" in line and "--port" in line and f"THREAD {thread}" in line
    assert list(tmp_path.iterdir()) == [seed]


def test_a_seed_with_an_existing_database_is_refused(tmp_path: Path) -> None:
    db, seed = existing_database(tmp_path)
    before = db.read_bytes()
    result = serve("--port", str(free_port()), "--db", str(db), "--seed", str(seed))
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert f"{db} already exists" in result.output and "/_sim/seed" in result.output
    assert db.read_bytes() == before


def test_the_help_says_a_seed_only_starts_a_new_database() -> None:
    assert "Refused with an existing --db" in " ".join(serve("--help").output.split())


def test_a_bad_seed_file_is_one_line(tmp_path: Path) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text("projects:\n  - {name: no id}\n")
    result = serve("--port", str(free_port()), "--seed", str(seed))
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert "projects[0].id" in result.output


def test_a_seed_prop_json_cannot_carry_is_refused_not_stored_as_null(tmp_path: Path) -> None:
    seed = tmp_path / "seed.yaml"
    connection = "{ref_id: c, props: {NAME: n, LOCATION: {lat: .nan, lon: 1}, X: [.inf]}}"
    seed.write_text(f"projects:\n  - {{id: p}}\nnetworks:\n  - {{project: p, connections: [{connection}]}}\n")
    with pytest.raises(SeedError, match=r"connections\[0\]\.props: LOCATION holds NaN or an infinity"):
        load_seed(seed)  # accepted, it would serve: JSON's null where the seed wrote NaN


def test_a_seed_network_the_integrate_rules_refuse_is_one_line_and_leaves_no_database(
    tmp_path: Path,
) -> None:
    seed, db = tmp_path / "seed.yaml", tmp_path / "sim.db"
    connection = "{props: {NAME: n, LOCATION: {lat: 1}}}"  # a location needs its lon
    seed.write_text(f"projects:\n  - {{id: p}}\nnetworks:\n  - {{project: p, connections: [{connection}]}}\n")
    result = serve("--port", str(free_port()), "--db", str(db), "--seed", str(seed))
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    assert f"the seed {seed} is not one" in result.output and "networks[0].connections[0]" in result.output
    assert sorted(tmp_path.iterdir()) == [seed]  # a rerun with a mended seed is not refused


def test_bad_fault_options_are_one_line() -> None:
    result = serve("--port", str(free_port()), "--fail-rate", "0.7", "--drop-rate", "0.7")
    assert result.exit_code == 1 and "add up to more than 1" in result.output


def test_an_existing_database_is_served_as_it_is_with_its_threads(tmp_path: Path) -> None:
    db, seed = existing_database(tmp_path)
    port = free_port()
    command = [sys.executable, "-m", "iotplan", "sim", "serve", "--db", str(db), "--port", str(port)]
    command += ["--rpc-port", "0"]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url)
        nodes = httpx.get(f"{url}/api/nodes/all?projectIds={PROJECT}", headers=AUTH).json()
        assert "kept:node" in {node["props"]["SERIAL_NO"] for node in nodes}
        gateway = yaml.safe_load(seed.read_text())["gateways"][0]
        assert httpx.get(f"http://{gateway['host']}/api/serialNumber").json() == gateway["serial"]
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("database", ["new", "existing"])
def test_the_database_and_its_wal_and_shm_are_the_owners_alone(tmp_path: Path, database: str) -> None:
    """They hold API keys, client secrets and feed tokens in clear, as the embedded platform's do."""
    db = tmp_path / "sim.db"
    seed: list[str] = []
    if database == "existing":  # made before iotplan made them private
        db, _ = existing_database(tmp_path)
        db.chmod(0o644)
    else:  # the demo seed's THREADs would take its fixed ports, which a running `sim serve` may hold
        seed = ["--seed", str(seed_with_gateway_ports(tmp_path))]
    port = free_port()
    command = [sys.executable, "-m", "iotplan", "sim", "serve", "--db", str(db), "--port", str(port), *seed]
    command += ["--rpc-port", "0"]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, umask=0o022)
    try:
        _wait_for(f"http://127.0.0.1:{port}")
        made = sorted(tmp_path.glob("sim.db*"))
        assert {path.name for path in made} >= {"sim.db", "sim.db-wal", "sim.db-shm"}
        assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in made} == dict.fromkeys(
            (path.name for path in made), 0o600
        )
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/_sim/requests", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("iotplan sim serve did not start within 30 s")


@pytest.mark.parametrize("rate", ["0/min", "00/s", "0 / hour"])
def test_a_rate_limit_letting_no_request_through_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rate: str
) -> None:
    """`--rate-limit 0/min` served with no limit at all: a rate of 0 read as "none"."""

    def bound(*args: object) -> None:
        raise AssertionError("the options were taken: the servers were to start")

    monkeypatch.setattr("iotplan.sim.serve._bind_all", bound)
    result = serve("--port", str(free_port()), "--db", str(tmp_path / "sim.db"), "--rate-limit", rate)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: --rate-limit: rate limit {rate!r} lets no request through: give 1 or more, "
        "or leave it unset for no limit"
    ]
    assert list(tmp_path.iterdir()) == []
