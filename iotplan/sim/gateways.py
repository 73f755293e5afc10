"""Simulated THREAD gateways: the edge REST API of API-CONTRACT §4, with its value ranges.

Each gateway keeps its settings in the store. Port voltage follows the power setting, with
noise of at most VOLTAGE_NOISE volts, as a real port's measured supply would.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from typing import Any

from iotplan.sim.errors import SimError
from iotplan.sim.store import Store

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


class GatewayUnreachable(Exception):
    """The gateway does not answer at all: the transport drops the connection."""


def bad_request(message: str) -> SimError:
    return SimError(400, "BadRequest", message)


def new_gateway(seed: dict[str, Any], project_id: str) -> dict[str, Any]:
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


class Gateways:
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, gateway: dict[str, Any]) -> None:
        self.store.cache.pop("gateway hosts", None)
        self.store.execute(
            "INSERT OR REPLACE INTO gateways VALUES (?, ?, ?, ?)",
            (gateway["serial"], gateway["host"], gateway["project_id"], json.dumps(gateway)),
        )

    def by_host(self, host: str) -> dict[str, Any] | None:
        # Every request asks whether its Host is a THREAD: answer from memory.
        hosts = self.store.cache.get("gateway hosts")
        if hosts is None:
            hosts = self.store.cache["gateway hosts"] = {row["host"] for row in self.store.rows("gateways")}
        if host not in hosts:
            return None
        row = self.store.execute("SELECT body FROM gateways WHERE host = ?", (host,)).fetchone()
        return json.loads(row["body"]) if row else None

    def by_serial(self, serial: str) -> dict[str, Any] | None:
        row = self.store.execute("SELECT body FROM gateways WHERE serial = ?", (serial.upper(),)).fetchone()
        return json.loads(row["body"]) if row else None

    def all(self) -> list[dict[str, Any]]:
        return [json.loads(row["body"]) for row in self.store.rows("gateways")]

    def save(self, gateway: dict[str, Any], *, wrote: bool) -> None:
        if wrote:
            gateway["writes"] += 1
        with self.store.transaction():
            self.add(gateway)

    # --- the edge API ----------------------------------------------------------------------
    def handle(
        self, gateway: dict[str, Any], method: str, path: str, query: dict[str, str], body: Any
    ) -> Any:
        if gateway["status"] == "unreachable":
            raise GatewayUnreachable(gateway["host"])
        if gateway["status"] == "asleep":
            raise SimError(503, "Asleep", "The THREAD is asleep.")
        handler = ROUTES.get((method, path))
        if handler is None:
            raise SimError(404, "NotFound", f"No edge endpoint {method} /api{path}.")
        answer, wrote = handler(gateway, query, body if isinstance(body, dict) else {})
        if wrote:
            self.save(gateway, wrote=True)
        return answer


def _port(
    gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any] | None = None
) -> tuple[int, dict[str, Any]]:
    raw = query.get("port", (body or {}).get("portNumber"))
    try:
        number = int(str(raw))
    except ValueError:
        raise bad_request(f"port must be a number, not {raw!r}") from None
    if str(number) not in gateway["ports"]:
        raise bad_request(
            f"port {number} does not exist on this {gateway['model']} (ports 1-{len(gateway['ports'])})"
        )
    return number, gateway["ports"][str(number)]


def _get_config(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    return _port(gateway, query)[1]["config"], False


def _put_config(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    number, port = _port(gateway, query)
    if not body:
        raise bad_request("give 1 to N port properties")
    for key, value in body.items():
        _check_port_prop(number, key, value, body.get("COMM_TYPE", port["config"].get("COMM_TYPE")))
    port["config"].update(body)
    return port["config"], True


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


def _delete_config(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    _, port = _port(gateway, query)
    resources = body.get("resources")
    if not isinstance(resources, list) or not resources:
        raise bad_request('give {"resources": [PROPERTY, ...]}')
    for name in resources:
        port["config"].pop(name, None)
    return port["config"], True


def _rs_sel(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    number, port = _port(gateway, {}, body)
    mode = body.get("content")
    if mode not in MODES:
        raise bad_request(f"content must be one of {sorted(MODES)}, not {mode!r}")
    if mode == "USB" and number != 1:
        raise bad_request("USB is available on port 1 only")
    port["mode"] = mode
    return {"portNumber": number, "content": mode}, True


def _voltage(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    number, port = _port(gateway, {}, body)
    if body.get("value") not in POWER_VOLTS:
        raise bad_request("value must be 0 (off), 1 (12 V) or 2 (15 V)")
    port["power"] = body["value"]
    return {"portNumber": number, "value": body["value"]}, True


def _adc_read(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    _, port = _port(gateway, query)
    option = query.get("option", "0")
    if option not in ("0", "1"):
        raise bad_request("option must be 0 (voltage) or 1 (current)")
    volts = POWER_VOLTS[port["power"]]
    noise = random.uniform(-VOLTAGE_NOISE, VOLTAGE_NOISE) if volts else random.uniform(0, 0.05)
    if option == "1":
        return round(0.02 if volts else 0.0, 3), False
    return round(volts + noise, 2), False


def _get_connection(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    return {"value": _port(gateway, query)[1]["connected"]}, False


def _put_connection(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    _, port = _port(gateway, query)
    if not isinstance(body.get("value"), bool):
        raise bad_request("value must be true or false")
    port["connected"] = body["value"]
    return {"value": port["connected"]}, True


def _get_saver(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    _x3_only(gateway)
    return gateway["battery_saver"], False


def _put_saver(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    _x3_only(gateway)
    if not isinstance(body.get("value"), bool):
        raise bad_request("value must be true or false")
    if ("low" in body) != ("high" in body):
        raise bad_request("give both low and high, or neither")
    low, high = body.get("low", 10), body.get("high", 100)
    if not (isinstance(low, int) and 0 <= low <= 40 and isinstance(high, int) and 60 <= high <= 100):
        raise bad_request("low must be 0-40 and high 60-100")
    gateway["battery_saver"] = {"value": body["value"], "low": low, "high": high}
    return gateway["battery_saver"], True


def _x3_only(gateway: dict[str, Any]) -> None:
    if not gateway["x3"]:
        raise bad_request("battery saver is available on X3 THREADs only")


def _get_cloud(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    return {"value": gateway["cloud_connection"]}, False


def _put_cloud(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    if body.get("value") not in ("true", "false"):
        raise bad_request('value must be the string "true" or "false"')
    gateway["cloud_connection"] = body["value"] == "true"
    return {"value": gateway["cloud_connection"]}, True


def _priority(interface: str) -> Any:
    def put(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
        gateway["interface"] = interface
        return {"content": interface}, True

    return put


def _update(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
    version = query.get("version")
    if not version or not all(part.isdigit() for part in version.split(".")):
        raise bad_request("give ?version=MAJOR.MINOR.PATCH")
    gateway["app_version"] = version
    return {"content": f"updating to {version}"}, True


def _fact(name: str) -> Any:
    def get(gateway: dict[str, Any], query: dict[str, str], body: dict[str, Any]) -> tuple[Any, bool]:
        return FACTS[name](gateway), False

    return get


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

ROUTES: dict[tuple[str, str], Any] = {
    **{("GET", f"/{name}"): _fact(name) for name in FACTS},
    ("GET", "/configure"): _get_config,
    ("PUT", "/configure"): _put_config,
    ("DELETE", "/configure"): _delete_config,
    ("POST", "/deviceRsSel"): _rs_sel,
    ("POST", "/deviceVoltage"): _voltage,
    ("GET", "/deviceAdcRead"): _adc_read,
    ("GET", "/deviceConnection"): _get_connection,
    ("PUT", "/deviceConnection"): _put_connection,
    ("GET", "/batterySaver"): _get_saver,
    ("PUT", "/batterySaver"): _put_saver,
    ("GET", "/cloudConnection"): _get_cloud,
    ("PUT", "/cloudConnection"): _put_cloud,
    ("GET", "/interfacePriority"): lambda g, q, b: ({"content": g["interface"]}, False),
    ("PUT", "/interfacePriority/cellular"): _priority("ppp0"),
    ("PUT", "/interfacePriority/ethernet"): _priority("eth0"),
    ("POST", "/update"): _update,
}
