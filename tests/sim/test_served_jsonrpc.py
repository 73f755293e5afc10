"""`iotplan sim serve` speaks JSON-RPC over a real WebSocket on its own port, as the platform's 4201."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from websockets.exceptions import ConnectionClosedError, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from iotplan.cli.main import cli
from tests.served import free_port, seed_with_gateway_ports, serving

THREAD = "/fn/6C7D8E/node"


@contextmanager
def served_rpc(seed: Path, *flags: str, log: list[str] | None = None) -> Iterator[tuple[str, str]]:
    """`sim serve --rpc-port 0`: the platform's URL and the WebSocket URL its start line names."""
    with serving(seed, *flags, log=log) as (url, rpc_port):
        yield url, f"ws://127.0.0.1:{rpc_port}/"


def _open(url: str) -> ClientConnection:
    """The start line comes as the servers start: try until one answers."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return connect(url, open_timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def call(
    socket: ClientConnection, request_id: int, method: str, params: dict[str, object]
) -> dict[str, object]:
    socket.send(json.dumps({"jsonrpc": "2.0", "method": method, "id": request_id, "params": params}))
    answer = json.loads(socket.recv(timeout=10))
    assert answer["id"] == request_id
    return dict(answer)


def test_a_websocket_client_authenticates_creates_and_reads(tmp_path: Path) -> None:
    with served_rpc(seed_with_gateway_ports(tmp_path)) as (url, rpc_url), _open(rpc_url) as socket:
        refused = call(socket, 0, "getNodes", {"nodes": [THREAD]})
        assert refused["error"]["code"] == -32001  # type: ignore[index]
        next_id = call(socket, 0, "authenticate", {"code": "demo-key"})["result"]["nextId"]  # type: ignore[index]
        device = {"device": f"{THREAD}/vwlogger/1/device", "type": "VW_LOGGER", "props": {"NODE_ID": THREAD}}
        assert "result" in call(socket, next_id, "createDevice", device)
        [node] = call(socket, next_id + 1, "getNodes", {"nodes": [THREAD]})["result"]  # type: ignore[misc]
        assert node["props"]["NAME"] == "Tunnel T3 THREAD"
        listed = httpx.get(f"{url}/api/devices/all", headers={"Authorization": "ApiKey demo-key"}).json()
        assert f"{THREAD}/vwlogger/1/device" in [d["id"] for d in listed], "the REST API reads it too"
        assert httpx.get(rpc_url.replace("ws://", "http://")).status_code == 426, "JSON-RPC only there"
        with pytest.raises(InvalidStatus):
            connect(url.replace("http://", "ws://") + "/", open_timeout=5)
        socket.send('{"jsonrpc": "2.0", "method": "updateDevice", "id": 7, "params": {"props": {"X": NaN}}}')
        assert json.loads(socket.recv(timeout=10))["error"]["code"] == -32700, "NaN is not JSON"
        socket.send(
            '{"jsonrpc": "2.0", "method": "updateDevice", "id": 8, "params": {"props": {"X": 1e999}}}'
        )
        assert json.loads(socket.recv(timeout=10))["error"]["code"] == -32700, "1e999 is no double"
        for depth in (40, 100_000):  # past any entity's depth; past the json module's own limit
            socket.send("[" * depth + "]" * depth)
            assert json.loads(socket.recv(timeout=10))["error"]["code"] == -32600, depth
        httpx.post(f"{url}/_sim/faults", json={"drop_rate": 1, "routes": "/jsonrpc/*"}).raise_for_status()
        socket.send(json.dumps({"jsonrpc": "2.0", "method": "time", "id": next_id + 2}))
        with pytest.raises(ConnectionClosedError):
            socket.recv(timeout=10)  # a dropped connection: closed without an answer


def test_a_busy_json_rpc_port_fails_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    db, seed = tmp_path / "state" / "sim.db", seed_with_gateway_ports(tmp_path)
    with __import__("socket").socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = str(taken.getsockname()[1])
        arguments = ["sim", "serve", "--port", str(free_port()), "--rpc-port", busy]
        result = CliRunner().invoke(cli, [*arguments, "--db", str(db), "--seed", str(seed)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{busy}: Address already in use"
    ]
    assert not db.parent.exists()


def test_a_debug_log_never_holds_the_frames_that_carry_an_api_key(tmp_path: Path) -> None:
    log: list[str] = []
    seed = seed_with_gateway_ports(tmp_path)
    with served_rpc(seed, "--log-level", "debug", log=log) as (_, rpc_url), _open(rpc_url) as socket:
        call(socket, 0, "authenticate", {"code": "demo-key"})
    [said] = log
    assert "Finished server process" in said  # what it said after its start lines, to the end
    assert "demo-key" not in said and "authenticate" not in said
