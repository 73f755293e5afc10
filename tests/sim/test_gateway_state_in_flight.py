"""A status or address the control plane gives a THREAD while an edge write waits out its
latency is kept: the write changes its own setting only (so "falls asleep mid-push" is testable)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from iotplan.sim import SimTransport, create_app, demo_seed

THREAD = "http://127.0.0.1:8401/api"  # 4A1B2C, in process: nothing is bound
CONTROL = "http://platform/_sim"


async def write_while_control_plane_says(change: dict[str, Any]) -> tuple[httpx.Response, dict[str, Any]]:
    """A port power write with 300 ms latency; `change` posted to the control plane meanwhile."""
    transport = SimTransport(app=create_app(seed=demo_seed()))
    async with httpx.AsyncClient(transport=transport) as http:
        await http.post(f"{CONTROL}/faults", json={"latency_ms": 300, "routes": "/api/*"})

        async def control() -> None:
            await asyncio.sleep(0.1)
            answer = await http.post(f"{CONTROL}/gateways/4A1B2C", json=change)
            assert answer.status_code == 200, answer.text

        write, _ = await asyncio.gather(
            http.post(f"{THREAD}/deviceVoltage", json={"portNumber": 2, "value": 2}), control()
        )
        gateways = (await http.get(f"{CONTROL}/gateways")).json()["gateways"]
    return write, next(gateway for gateway in gateways if gateway["serial"] == "4A1B2C")


def test_a_thread_put_to_sleep_mid_write_stays_asleep() -> None:
    write, gateway = asyncio.run(write_while_control_plane_says({"status": "asleep"}))
    assert write.status_code == 200, write.text
    assert gateway["status"] == "asleep"
    assert gateway["ports"]["2"]["power"] == 2


def test_a_thread_moved_mid_write_stays_at_its_new_address() -> None:
    write, gateway = asyncio.run(write_while_control_plane_says({"host": "127.0.0.1:19250"}))
    assert write.status_code == 200, write.text
    assert gateway["host"] == "127.0.0.1:19250"
    assert gateway["ports"]["2"]["power"] == 2
