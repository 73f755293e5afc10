"""The suite's served emulator chooses a seeded THREAD's port again when another process took it since
`free_ports` chose it: a retry on the same seed met the same taken port three times, and the test failed
"cannot listen on 127.0.0.1:N: Address already in use" whenever two suites (or helpers) ran side by side."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import yaml

from tests.served import free_ports, seed_with_gateway_ports, served


def test_a_thread_whose_port_was_taken_is_served_on_another(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = int(taken.getsockname()[1])
        first, *others = free_ports(3)
        seed = seed_with_gateway_ports(tmp_path, [first, busy, *others])

        with served(seed) as url:
            hosts = [gateway["host"] for gateway in yaml.safe_load(seed.read_text())["gateways"]]
            assert f"127.0.0.1:{busy}" not in hosts and f"127.0.0.1:{first}" in hosts
            assert httpx.get(f"http://{hosts[1]}/api/serialNumber").status_code == 200
            assert httpx.get(f"{url}/_sim/requests").status_code == 200
