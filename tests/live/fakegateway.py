"""A THREAD gateway in memory, speaking the GatewayReader/GatewayWriter protocols: no HTTP at all.

It keeps what it was told, so a read after a write answers the written value, unless it is told
to `ignore_writes` (a gateway that accepts a write and keeps its old value). `fail` makes one
method raise, as a sleeping gateway or a refusing endpoint would; `calls` records every request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from iotplan.errors import PlatformError

POWER_VOLTS = {0: 0.0, 1: 12.0, 2: 15.0}
INTERFACE_NAMES = {"ethernet": "eth0", "cellular": "ppp0"}


def default_ports() -> dict[int, dict[str, Any]]:
    return {
        n: {"COMM_TYPE": "RS232", "BAUD_RATE": 9600, "DATA_BITS": 8, "PARITY_BIT": "NONE"} for n in (1, 2, 3)
    }


@dataclass
class FakeGateway:
    serial: str = "4A1B2C"
    ports: dict[int, dict[str, Any]] = field(default_factory=default_ports)  # only the ports the model has
    voltages: dict[int, float] = field(default_factory=lambda: {1: 0.1, 2: 0.0, 3: 0.2})
    connected: dict[int, bool] = field(default_factory=lambda: {1: True, 2: True, 3: True})
    modes: dict[int, str] = field(default_factory=dict)
    battery_saver: dict[str, Any] | None = field(default_factory=lambda: {"value": False})  # None: not X3
    cloud: bool = True
    priority: str = "eth0"
    app_version: str = "7.17.0"
    ignore_writes: bool = False
    fail: dict[str, Exception] = field(default_factory=dict)
    calls: list[tuple[Any, ...]] = field(default_factory=list)

    def _request(self, name: str, *args: Any) -> None:
        self.calls.append((name, *args))
        if name in self.fail:
            raise self.fail[name]

    @property
    def writes(self) -> list[tuple[Any, ...]]:
        return [call for call in self.calls if not call[0].startswith(("get_", "read_", "serial", "version"))]

    # --- GatewayReader -----------------------------------------------------------------
    async def serial_number(self) -> str:
        self._request("serial_number")
        return self.serial

    async def get_port_config(self, port: int) -> dict[str, Any]:
        self._request("get_port_config", port)
        if port not in self.ports:
            raise PlatformError(f"GET /api/configure?port={port} answered 400: no such port")
        return dict(self.ports[port])

    async def read_port_voltage(self, port: int) -> float:
        self._request("read_port_voltage", port)
        return self.voltages[port]

    async def get_port_connection(self, port: int) -> bool:
        self._request("get_port_connection", port)
        return self.connected[port]

    async def get_battery_saver(self) -> dict[str, Any]:
        self._request("get_battery_saver")
        if self.battery_saver is None:
            raise PlatformError("GET /api/batterySaver answered 404: not found")
        return dict(self.battery_saver)

    async def get_cloud_connection(self) -> bool:
        self._request("get_cloud_connection")
        return self.cloud

    async def get_interface_priority(self) -> str:
        self._request("get_interface_priority")
        return self.priority

    async def version(self) -> str:
        self._request("version")
        return self.app_version

    # --- GatewayWriter -----------------------------------------------------------------
    async def put_port_config(self, port: int, props: dict[str, Any]) -> None:
        self._request("put_port_config", port, props)
        if not self.ignore_writes:
            self.ports[port].update(props)

    async def delete_port_config(self, port: int, resources: list[str]) -> None:
        self._request("delete_port_config", port, resources)
        if not self.ignore_writes:
            for prop in resources:
                self.ports[port].pop(prop, None)

    async def set_interface_mode(self, port: int, mode: str) -> None:
        self._request("set_interface_mode", port, mode)
        self.modes[port] = mode

    async def set_port_power(self, port: int, value: int) -> None:
        self._request("set_port_power", port, value)
        if not self.ignore_writes:
            self.voltages[port] = POWER_VOLTS[value] + 0.2  # a measured supply is never exact

    async def put_port_connection(self, port: int, value: bool) -> None:
        self._request("put_port_connection", port, value)
        if not self.ignore_writes:
            self.connected[port] = value

    async def put_battery_saver(self, value: bool, low: int | None, high: int | None) -> None:
        self._request("put_battery_saver", value, low, high)
        if not self.ignore_writes:
            self.battery_saver = {"value": value, "low": low, "high": high}

    async def put_cloud_connection(self, value: bool) -> None:
        self._request("put_cloud_connection", value)
        if not self.ignore_writes:
            self.cloud = value

    async def put_interface_priority(self, interface: str) -> None:
        self._request("put_interface_priority", interface)
        if not self.ignore_writes:
            self.priority = INTERFACE_NAMES[interface]

    async def update(self, version: str) -> None:
        self._request("update", version)  # an update completes later: the version reads old for now
