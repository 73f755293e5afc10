"""`iotplan sim serve --edge-port-base 0` serves the seeded THREADs on free ports instead of the seed's
(the demo seed's 127.0.0.1:8401 to 8404), so a second emulator on one machine (two CI jobs, a fuzzer)
can listen beside the first."""

from __future__ import annotations

import httpx

from iotplan.sim import demo_seed
from tests.served import serving


def test_threads_served_on_free_ports_answer_there_and_are_named_at_start() -> None:
    log: list[str] = []
    seeded = {gateway["serial"].upper(): gateway["host"] for gateway in demo_seed()["gateways"]}
    with serving(None, "--edge-port-base", "0", log=log) as (url, _):
        gateways = httpx.get(f"{url}/_sim/gateways").json()["gateways"]
        hosts = {gateway["serial"]: gateway["host"] for gateway in gateways}
        assert sorted(hosts) == sorted(seeded) and not set(hosts.values()) & set(seeded.values())
        for serial, host in hosts.items():
            assert httpx.get(f"http://{host}/api/serialNumber").json() == serial
    for serial, host in hosts.items():
        assert f"THREAD {serial} on http://{host}" in log[0]
