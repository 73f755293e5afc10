"""Simulated THREAD gateways: the state and rules of the edge REST API (API-CONTRACT §4).

Each gateway keeps its settings in the store. Port voltage follows the power setting, with
noise of at most VOLTAGE_NOISE volts, as a real port's measured supply would. The routes that
read requests into these calls are in edge_routes.py.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from iotplan.sim.errors import SimError
from iotplan.sim.store import Store
from iotplan.sim.variants import Variants

VOLTAGE_NOISE = 0.3
POWER_VOLTS = {0: 0.0, 1: 12.0, 2: 15.0}
MODES = {"RS232", "RS485", "ANALOG", "USB", "OFF"}
PORT_PROPS: dict[str, set[Any]] = {
    "COMM_TYPE": {"RS232", "RS485", "USB"},
    "BAUD_RATE": {230400, 115200, 57600, 38400, 19200, 9600, 4800, 1200},
    "DATA_BITS": {8, 7, 6, 5},
    "PARITY_BIT": {"NONE", "ODD", "EVEN", "MARK", "SPACE"},
}
USB_ONLY = {"HOST", "PORT"}
DEFAULT_CONFIG = {"COMM_TYPE": "RS232", "BAUD_RATE": 9600, "DATA_BITS": 8, "PARITY_BIT": "NONE"}
STATUSES = ("ok", "unreachable", "asleep")
INTERFACES = {"cellular": "ppp0", "ethernet": "eth0"}

Gateway = dict[str, Any]


class GatewayUnreachable(Exception):
    """The gateway does not answer at all: the transport drops the connection."""


def bad_request(message: str) -> SimError:
    return SimError(400, "BadRequest", message)


def new_gateway(seed: dict[str, Any], project_id: str) -> Gateway:
    ports = int(seed.get("ports", 3))
    return {
        "serial": str(seed["serial"]).upper(),
        "host": seed["host"],
        "project_id": project_id,
        "model": seed.get("model", "THREAD X3" if seed.get("x3", True) else "THREAD"),
        "x3": bool(seed.get("x3", True)),
        "status": seed.get("status", "ok"),
        "app_version": seed.get("app_version", "7.17.0"),
        "firmware": seed.get("firmware", "4.2.1"),
        "hardware": seed.get("hardware", "rev-C"),
        "ports": {
            str(n): {"config": dict(DEFAULT_CONFIG), "mode": "OFF", "power": 0, "connected": False}
            for n in range(1, ports + 1)
        },
        "battery_saver": {"value": False, "low": 10, "high": 100},
        "cloud_connection": True,
        "interface": "eth0",
        "writes": 0,
    }


class GatewayBackend:
    def __init__(self, store: Store, variants: Variants | None = None) -> None:
        self.store = store
        self.variants = variants or Variants()

    # --- which gateway -----------------------------------------------------------------------
    def by_host(self, host: str) -> Gateway | None:
        return self.store.gateway(host=host) if host in self.store.gateway_hosts() else None

    def by_serial(self, serial: str) -> Gateway | None:
        return self.store.gateway(serial=serial.upper())

    def all(self) -> list[Gateway]:
        return self.store.gateways()

    def answering(self, gateway: Gateway) -> Gateway:
        """The gateway, if it answers at all: an unreachable one drops, an asleep one says 503."""
        if gateway["status"] == "unreachable":
            raise GatewayUnreachable(gateway["host"])
        if gateway["status"] == "asleep":
            raise SimError(503, "Asleep", "The THREAD is asleep.")
        return gateway

    def set_state(self, serial: str, status: str | None, host: str | None) -> Gateway:
        """The control plane: a THREAD goes to sleep, drops off, or moves to another address."""
        gateway = self.by_serial(serial)
        if gateway is None:
            raise SimError(404, "NotFound", f"no seeded THREAD {serial}")
        if status not in (None, *STATUSES):
            raise SimError(400, "BadStatus", "status must be ok, unreachable or asleep")
        holder = self.by_host(host) if host else None
        if holder is not None and holder["serial"] != gateway["serial"]:
            raise SimError(400, "HostTaken", f"THREAD {holder['serial']} already answers on {host}")
        gateway.update({key: value for key, value in (("status", status), ("host", host)) if value})
        self._save(gateway, wrote=False)
        return gateway

    def _save(self, gateway: Gateway, *, wrote: bool) -> None:
        if wrote:
            gateway["writes"] += 1
        with self.store.transaction():
            self.store.put_gateway(gateway)

    def _port(self, gateway: Gateway, number: int) -> dict[str, Any]:
        if str(number) not in gateway["ports"]:
            raise bad_request(
                f"port {number} does not exist on this {gateway['model']} (ports 1-{len(gateway['ports'])})"
            )
        return dict(gateway["ports"][str(number)])

    # --- port serial properties ----------------------------------------------------------------
    def port_config(self, gateway: Gateway, number: int) -> dict[str, Any]:
        if str(number) not in gateway["ports"] and self.variants.on("missing-port-empty-config"):
            return {}
        return dict(self._port(gateway, number)["config"])

    def configure(self, gateway: Gateway, number: int, props: dict[str, Any]) -> dict[str, Any]:
        port = self._port(gateway, number)
        if not props:
            raise bad_request("give 1 to N port properties")
        for key, value in props.items():
            _check_port_prop(number, key, value, props.get("COMM_TYPE", port["config"].get("COMM_TYPE")))
        return self._write_port(gateway, number, {"config": {**port["config"], **props}})["config"]

    def remove_config(self, gateway: Gateway, number: int, names: list[Any]) -> dict[str, Any]:
        port = self._port(gateway, number)
        config = {key: value for key, value in port["config"].items() if key not in names}
        return self._write_port(gateway, number, {"config": config})["config"]

    def _write_port(self, gateway: Gateway, number: int, changes: dict[str, Any]) -> dict[str, Any]:
        gateway["ports"][str(number)].update(changes)
        self._save(gateway, wrote=True)
        return dict(gateway["ports"][str(number)])

    # --- port mode, power, connection --------------------------------------------------------
    def select_mode(self, gateway: Gateway, number: int, mode: Any) -> dict[str, Any]:
        self._port(gateway, number)
        if mode not in MODES:
            raise bad_request(f"content must be one of {sorted(MODES)}, not {mode!r}")
        if mode == "USB" and number != 1:
            raise bad_request("USB is available on port 1 only")
        self._write_port(gateway, number, {"mode": mode})
        return {"portNumber": number, "content": mode}

    def set_power(self, gateway: Gateway, number: int, value: Any) -> dict[str, Any]:
        self._port(gateway, number)
        if value not in POWER_VOLTS:
            raise bad_request("value must be 0 (off), 1 (12 V) or 2 (15 V)")
        self._write_port(gateway, number, {"power": value})
        return {"portNumber": number, "value": value}

    def measure(self, gateway: Gateway, number: int, option: str) -> float:
        """`deviceAdcRead`: option 0 the port's supply in volts, 1 its current in amps."""
        port = self._port(gateway, number)
        if option not in ("0", "1"):
            raise bad_request("option must be 0 (voltage) or 1 (current)")
        volts = 0.0 if self.variants.on("voltage-reads-zero") else POWER_VOLTS[port["power"]]
        noise = random.uniform(-VOLTAGE_NOISE, VOLTAGE_NOISE) if volts else random.uniform(0, 0.05)
        if option == "1":
            return round(0.02 if volts else 0.0, 3)
        return round(volts + noise, 2)

    def connection(self, gateway: Gateway, number: int) -> Any:
        return self._boolean(self._port(gateway, number)["connected"])

    def set_connection(self, gateway: Gateway, number: int, value: Any) -> dict[str, Any]:
        self._port(gateway, number)
        if not isinstance(value, bool):
            raise bad_request("value must be true or false")
        return {"value": self._write_port(gateway, number, {"connected": value})["connected"]}

    # --- the gateway as a whole ----------------------------------------------------------------
    def battery_saver(self, gateway: Gateway) -> dict[str, Any]:
        _x3_only(gateway)
        return dict(gateway["battery_saver"])

    def set_battery_saver(self, gateway: Gateway, settings: dict[str, Any]) -> dict[str, Any]:
        _x3_only(gateway)
        value = settings.get("value")
        if not isinstance(value, bool):
            raise bad_request("value must be true or false")
        if ("low" in settings) != ("high" in settings):
            raise bad_request("give both low and high, or neither")
        low, high = settings.get("low", 10), settings.get("high", 100)
        if not (isinstance(low, int) and 0 <= low <= 40 and isinstance(high, int) and 60 <= high <= 100):
            raise bad_request("low must be 0-40 and high 60-100")
        return self._write(gateway, "battery_saver", {"value": value, "low": low, "high": high})

    def cloud_connection(self, gateway: Gateway) -> Any:
        return self._boolean(gateway["cloud_connection"])

    def _boolean(self, value: bool) -> Any:
        """Contract A7: `{"value": bool}`; a bare one under the `edge-bare-booleans` variant."""
        return value if self.variants.on("edge-bare-booleans") else {"value": value}

    def set_cloud_connection(self, gateway: Gateway, value: Any) -> dict[str, Any]:
        if value not in ("true", "false"):
            raise bad_request('value must be the string "true" or "false"')
        return {"value": self._write(gateway, "cloud_connection", value == "true")}

    def interface(self, gateway: Gateway) -> dict[str, Any]:
        return {"content": gateway["interface"]}

    def prefer_interface(self, gateway: Gateway, name: str) -> dict[str, Any]:
        return {"content": self._write(gateway, "interface", INTERFACES[name])}

    def update_application(self, gateway: Gateway, version: str | None) -> dict[str, Any]:
        if not version or not all(part.isdigit() for part in version.split(".")):
            raise bad_request("give ?version=MAJOR.MINOR.PATCH")
        self._write(gateway, "app_version", version)
        return {"content": f"updating to {version}"}

    def fact(self, gateway: Gateway, name: str) -> Any:
        """A read-only fact. Five are documented as `{"value": n}`; the emulator answers them bare
        (what iotplan's client reads today) unless the `edge-value-objects` variant is on."""
        value = FACTS[name](gateway)
        return {"value": value} if name in VALUE_OBJECTS and self.variants.on("edge-value-objects") else value

    def _write(self, gateway: Gateway, key: str, value: Any) -> Any:
        gateway[key] = value
        self._save(gateway, wrote=True)
        return value


def _check_port_prop(number: int, key: str, value: Any, comm_type: Any) -> None:
    if key in PORT_PROPS:
        if value not in PORT_PROPS[key]:
            raise bad_request(f"{key} {value!r} is not one of {sorted(PORT_PROPS[key], key=str)}")
        if key == "COMM_TYPE" and value == "USB" and number != 1:
            raise bad_request("USB is available on port 1 only")
    elif key == "DELIMITERS_HEX":
        if not isinstance(value, list) or not all(isinstance(v, str) and _is_hex(v) for v in value):
            raise bad_request("DELIMITERS_HEX must be a list of hex strings such as ['0D0A']")
    elif key in USB_ONLY:
        if comm_type != "USB":
            raise bad_request(f"{key} is only used with COMM_TYPE USB (RNDIS)")
    else:
        raise bad_request(f"unknown port property {key!r}")


def _is_hex(text: str) -> bool:
    return len(text) % 2 == 0 and len(text) > 0 and all(c in "0123456789abcdefABCDEF" for c in text)


def _x3_only(gateway: Gateway) -> None:
    if not gateway["x3"]:
        raise bad_request("battery saver is available on X3 THREADs only")


VALUE_OBJECTS = {"chargeInputVoltage", "chargeInputCurrent", "batteryVoltage", "tempRead", "pressRead"}
FACTS = {
    "serialNumber": lambda g: g["serial"],
    "version": lambda g: g["app_version"],
    "firmware": lambda g: g["firmware"],
    "hardware": lambda g: f"{g['model']} {g['hardware']}",
    "time": lambda g: datetime.now(UTC).isoformat(timespec="seconds"),
    "timeAccurate": lambda g: True,
    "chargeInputVoltage": lambda g: 13.8,
    "chargeInputCurrent": lambda g: 0.4,
    "batteryVoltage": lambda g: 12.6,
    "stateOfCharge": lambda g: 87,
    "tempRead": lambda g: 21.5,
    "pressRead": lambda g: 101.3,
}
