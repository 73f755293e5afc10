"""Simulated THREAD gateways: the state and rules of the edge REST API (the reference's THREAD edge REST API).

Each gateway keeps its settings in the store. What a THREAD is made of, and which values its API
accepts, are in edge_values.py; the routes that read requests into these calls, in edge_routes.py.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from iotplan.sim.edge_values import (
    FACTS,
    INTERFACES,
    LATEST_APP_VERSION,
    MODES,
    POWER_VOLTS,
    STATUSES,
    VALUE_OBJECTS,
    VOLTAGE_NOISE,
    Gateway,
    bad_request,
    check_port_prop,
    clock,
    moment,
    whole_number,
)
from iotplan.sim.errors import SimError
from iotplan.sim.store import Store
from iotplan.sim.variants import Variants


class GatewayUnreachable(Exception):
    """The gateway does not answer at all: the transport drops the connection."""


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
        state = {key: value for key, value in (("status", status), ("host", host)) if value}
        self._save(gateway, lambda kept: kept.update(state), wrote=False)
        return gateway

    def _save(self, gateway: Gateway, change: Callable[[Gateway], object], *, wrote: bool) -> None:
        """Make `change` to this request's gateway and to the one the store holds now: an edge
        request loads its gateway before its latency, and a status or host the control plane set
        meanwhile must outlive the request's write."""
        change(gateway)
        gateway["writes"] += int(wrote)
        with self.store.transaction():
            kept = self.store.gateway(serial=gateway["serial"])
            if kept is not None:  # None: the emulator was reset meanwhile; nothing to bring back
                change(kept)
                kept["writes"] += int(wrote)
                self.store.put_gateway(kept)

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
        config = dict(self._port(gateway, number)["config"])
        if self.variants.on("edge-numbers-as-text"):
            return {key: _as_text(key, value) for key, value in config.items()}
        return config

    def configure(self, gateway: Gateway, number: int, props: dict[str, Any]) -> dict[str, Any]:
        port = self._port(gateway, number)
        if not props:
            raise bad_request("give 1 to N port properties")
        for key, value in props.items():
            check_port_prop(number, key, value)
        return self._write_port(gateway, number, {"config": {**port["config"], **props}})["config"]

    def remove_config(self, gateway: Gateway, number: int, names: list[Any]) -> dict[str, Any]:
        port = self._port(gateway, number)
        config = {key: value for key, value in port["config"].items() if key not in names}
        return self._write_port(gateway, number, {"config": config})["config"]

    def _write_port(self, gateway: Gateway, number: int, changes: dict[str, Any]) -> dict[str, Any]:
        self._save(gateway, lambda kept: kept["ports"][str(number)].update(changes), wrote=True)
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
        """Assumption A7: `{"value": bool}`; a bare one under the `edge-bare-booleans` variant."""
        return value if self.variants.on("edge-bare-booleans") else {"value": value}

    def set_cloud_connection(self, gateway: Gateway, value: Any) -> dict[str, Any]:
        if value not in ("true", "false"):
            raise bad_request('value must be the string "true" or "false"')
        return {"value": self._write(gateway, "cloud_connection", value == "true")}

    def interface(self, gateway: Gateway) -> dict[str, Any]:
        return {"content": gateway["interface"]}

    def prefer_interface(self, gateway: Gateway, name: str) -> dict[str, Any]:
        return {"content": self._write(gateway, "interface", INTERFACES[name])}

    def update_application(self, gateway: Gateway, version: str | None, file: str | None) -> dict[str, Any]:
        """`POST /update`: the latest version, `?version=7.18.0`, or `?file=/tmp/snoopy-1.2.3.jar`."""
        if file is not None:
            found = re.fullmatch(r"/.*?-(\d+(?:\.\d+)*)\.jar", file)
            if found is None:
                raise bad_request("give ?file=/ABSOLUTE/PATH/NAME-VERSION.jar")
            version = found.group(1)
        version = LATEST_APP_VERSION if version is None else version
        if not version or not all(part.isdigit() for part in version.split(".")):
            raise bad_request("give ?version=MAJOR.MINOR.PATCH")
        self._write(gateway, "app_version", version)
        if self.variants.on("update-restarts"):  # answered, then gone until the control plane wakes it
            self._save(gateway, lambda kept: kept.update(status="unreachable"), wrote=False)
        return {"content": f"updating to {version}"}

    # --- actions: imperative, answered and kept, never declared ----------------------------------
    def set_time(self, gateway: Gateway, when: Any) -> dict[str, Any]:
        offset = (moment(when) - datetime.now(UTC)).total_seconds()
        self._write(gateway, "clock_offset", offset)
        return {"time": clock(gateway)}

    def sleep(self, gateway: Gateway, duration: Any) -> dict[str, Any]:
        """Low power for `duration` ms: answered; the emulated THREAD stays awake (the control
        plane's `asleep` status is the way to test a sleeping one)."""
        return {"duration": whole_number(duration, "duration", 1, 7 * 24 * 3600 * 1000)}

    def flash_led(self, gateway: Gateway) -> dict[str, Any]:
        return {"content": "LED flashed"}

    def set_led(self, gateway: Gateway, value: Any) -> dict[str, Any]:
        """`POST /accessible`: the LED green ("true") or red ("false"), strings as documented."""
        if value not in ("true", "false", True, False):
            raise bad_request('value must be "true" or "false"')
        return {"value": self._write(gateway, "led_green", value in ("true", True))}

    def send_message(self, gateway: Gateway, number: int, message: Any) -> dict[str, Any]:
        self._port(gateway, number)
        if not isinstance(message, str):
            raise bad_request("message must be a string")
        return {"portNumber": number, "message": message}

    def measure_4_20(self, gateway: Gateway, number: int) -> dict[str, Any]:
        """`deviceAdcRead420`: a 4-20 mA reading in amps, documented as `{"value": n}`; nothing is
        wired to an emulated port, so it reads close to zero."""
        self._port(gateway, number)
        return {"value": round(random.uniform(-0.005, 0.005), 5)}

    def fact(self, gateway: Gateway, name: str) -> Any:
        """A read-only fact. Five are documented as `{"value": n}`; the emulator answers them bare
        (what iotplan's client reads today) unless the `edge-value-objects` variant is on. The
        reference shows no answer of `/version`: `edge-version-v-prefixed` answers `v7.17.0`."""
        value = FACTS[name](gateway)
        if name == "version" and self.variants.on("edge-version-v-prefixed"):
            return f"v{value}"
        return {"value": value} if name in VALUE_OBJECTS and self.variants.on("edge-value-objects") else value

    def _write(self, gateway: Gateway, key: str, value: Any) -> Any:
        """Keep one setting; every write counts (tests check that a converged push writes nothing)."""
        self._save(gateway, lambda kept: kept.update({key: value}), wrote=True)
        return value


def _x3_only(gateway: Gateway) -> None:
    if not gateway["x3"]:
        raise bad_request("battery saver is available on X3 THREADs only")


# The /configure properties a number is written to: the `edge-numbers-as-text` variant answers them as text.
NUMBER_PROPS = frozenset({"BAUD_RATE", "DATA_BITS", "PORT"})


def _as_text(key: str, value: Any) -> Any:
    return (
        str(value)
        if key in NUMBER_PROPS and isinstance(value, int) and not isinstance(value, bool)
        else value
    )
