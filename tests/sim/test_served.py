"""The emulator over real sockets, as a user drives it with curl: issue 3's acceptance."""

from __future__ import annotations

import http.server
import socket
import threading
from pathlib import Path

import httpx
import pytest

import tests.served as served_module
from tests.served import free_port, seed_with_gateway_ports, served

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
INTEGRATE = f"/api/integrations/integrate?projectIds={PROJECT}"
AUTH = {"Authorization": "ApiKey demo-key"}
# The reference's "simple approach" curl example: a connection, a device and two sensors at once.
SIMPLE = {
    "integration": {
        "changeState": "new",
        "devices": [
            {
                "changeState": "new",
                "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Device-1"},
                "sensors": [
                    {
                        "changeState": "new",
                        "props": {
                            "INTEGRATION_ID": "GENERIC_SENSOR_SDE",
                            "NAME": f"Sensor-{n}",
                            "UNKNOWN_UNITS": {"0": "millimeter", "1": "millimeter"},
                            "UNKNOWN_METRICS": {"0": "Alignment_Left_SD", "1": "Alignment_Right_SD"},
                        },
                    }
                    for n in (1, 2)
                ],
            }
        ],
    }
}


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    return seed_with_gateway_ports(tmp_path)


def test_the_reference_curl_example_creates_and_reads_back(seed: Path) -> None:
    with served(seed) as url:
        created = httpx.post(url + INTEGRATE, json=SIMPLE, headers=AUTH).json()["integration"]
        assert (
            created["node"]["id"].startswith("/api/")
            and created["node"]["props"]["INTEGRATION_ID"] == "NODE_API_SDE"
        )
        [group] = created["devices"]
        assert group["device"]["props"]["SIZE"] == 2 and len(group["sensors"]) == 2
        read = httpx.post(f"{url}/api/integrations/{created['node']['id']}", headers=AUTH).json()[
            "integration"
        ]
        assert [s["id"] for s in read["devices"][0]["sensors"]] == [s["id"] for s in group["sensors"]]


def test_a_device_without_integration_id_gets_the_documented_422(seed: Path) -> None:
    body = {
        "integration": {"changeState": "new", "devices": [{"changeState": "new", "props": {"NAME": "x"}}]}
    }
    with served(seed) as url:
        response = httpx.post(url + INTEGRATE, json=body, headers=AUTH)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "InvalidProcessIntegrationRequest"
        assert httpx.get(f"{url}/api/nodes/all?projectIds={PROJECT}", headers=AUTH).json() == [
            node
            for node in httpx.get(f"{url}/api/nodes/all?projectIds={PROJECT}", headers=AUTH).json()
            if node["id"].startswith("/fn/")
        ], "the failed call created no connection"


def test_a_burst_over_the_rate_limit_gets_429_with_retry_after_and_writes_nothing(seed: Path) -> None:
    with served(seed, "--rate-limit", "60/min") as url, httpx.Client() as http:
        answers = [http.post(url + INTEGRATE, json=SIMPLE, headers=AUTH) for _ in range(100)]
        limited = [a for a in answers if a.status_code == 429]
        assert len(limited) >= 90
        assert all(int(a.headers["retry-after"]) >= 1 for a in limited)
        assert limited[0].json()["error"]["code"] == "TooManyRequests"
        created = sum(1 for a in answers if a.status_code == 200)
        httpx.post(f"{url}/_sim/faults", json={})
        nodes = httpx.get(f"{url}/api/nodes/all?projectIds={PROJECT}", headers=AUTH).json()
        assert sum(1 for node in nodes if node["id"].startswith("/api/")) == created


def test_injected_failures_write_nothing(seed: Path) -> None:
    with served(seed, "--fail-rate", "1") as url:
        response = httpx.post(url + INTEGRATE, json=SIMPLE, headers=AUTH)
        assert response.status_code in (500, 503)
        httpx.post(f"{url}/_sim/faults", json={})
        nodes = httpx.get(f"{url}/api/nodes/all?projectIds={PROJECT}", headers=AUTH).json()
        assert not [node for node in nodes if node["id"].startswith("/api/")]


def test_gateways_answer_on_their_own_ports(seed: Path) -> None:
    import yaml

    host = yaml.safe_load(seed.read_text())["gateways"][0]["host"]
    with served(seed):
        assert httpx.get(f"http://{host}/api/serialNumber").json() == "4A1B2C"


def test_a_server_whose_port_was_taken_since_it_was_chosen_starts_again_on_another(
    seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tests' own helper (tests/served.py): a port `free_port` chose may be taken before the
    server binds it, by another test's server; the server exits, and is started again."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = iter([taken.getsockname()[1], free_port()])
        monkeypatch.setattr(served_module, "free_port", lambda: next(ports))
        with served(seed) as url:
            assert url != f"http://127.0.0.1:{taken.getsockname()[1]}"
            assert httpx.get(url + "/_sim/requests").status_code == 200


def test_a_port_another_server_answers_on_is_not_taken_for_this_one(
    seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another test's server on the chosen port answers the wait: taken for this one, its requests
    failed once that server stopped (seen in CI). Only a server that says it bound the port is used."""
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        taken = other.server_address[1]
        ports = iter([taken, free_port()])
        monkeypatch.setattr(served_module, "free_port", lambda: next(ports))
        with served(seed) as url:
            assert url != f"http://127.0.0.1:{taken}"
            assert httpx.get(url + "/_sim/requests").status_code == 200
    finally:
        other.shutdown()
        other.server_close()
