"""The THREAD edge REST API's routes, as the reference documents them: each reads the port, value or body its
request carries and hands them to the GatewayBackend. No rule lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from iotplan.sim.calls import Call
from iotplan.sim.edge_values import FACTS, Gateway, bad_request
from iotplan.sim.errors import SimError
from iotplan.sim.gateways import GatewayBackend

EdgeRoute = Callable[[GatewayBackend, Gateway, Call], Any]


def handle(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    """One request to a THREAD: `/api/...` on the Host the gateway answers."""
    edge.answering(gateway)
    route = ROUTES.get((call.method, call.path.removeprefix("/api")))
    if route is None:
        raise SimError(404, "NotFound", f"No edge endpoint {call.method} {call.path}.")
    return route(edge, gateway, call)


def _port(call: Call, key: str = "port") -> int:
    raw = call.query.get("port") if key == "port" else _object(call).get(key)
    try:
        return int(str(raw))
    except ValueError:
        raise bad_request(f"port must be a number, not {raw!r}") from None


def _object(call: Call) -> dict[str, Any]:
    body = call.json()
    return body if isinstance(body, dict) else {}


def _get_config(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.port_config(gateway, _port(call))


def _put_config(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.configure(gateway, _port(call), _object(call))


def _delete_config(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    number = _port(call)
    resources = _object(call).get("resources")
    if not isinstance(resources, list) or not resources:
        raise bad_request('give {"resources": [PROPERTY, ...]}')
    return edge.remove_config(gateway, number, resources)


def _rs_sel(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.select_mode(gateway, _port(call, "portNumber"), _object(call).get("content"))


def _voltage(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.set_power(gateway, _port(call, "portNumber"), _object(call).get("value"))


def _adc_read(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.measure(gateway, _port(call), call.query.get("option", "0"))


def _get_connection(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.connection(gateway, _port(call))


def _put_connection(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.set_connection(gateway, _port(call), _object(call).get("value"))


def _get_saver(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.battery_saver(gateway)


def _put_saver(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.set_battery_saver(gateway, _object(call))


def _get_cloud(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.cloud_connection(gateway)


def _put_cloud(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.set_cloud_connection(gateway, _object(call).get("value"))


def _get_interface(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.interface(gateway)


def _prefer(name: str) -> EdgeRoute:
    def put(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
        return edge.prefer_interface(gateway, name)

    return put


def _update(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.update_application(gateway, call.query.get("version"), call.query.get("file"))


def _set_time(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.set_time(gateway, _object(call).get("time"))


def _sleep(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.sleep(gateway, _object(call).get("duration"))


def _flash(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.flash_led(gateway)


def _led(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.set_led(gateway, _object(call).get("value"))


def _message(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.send_message(gateway, _port(call, "portNumber"), _object(call).get("message"))


def _adc_read_420(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
    return edge.measure_4_20(gateway, _port(call))


def _fact(name: str) -> EdgeRoute:
    def get(edge: GatewayBackend, gateway: Gateway, call: Call) -> Any:
        return edge.fact(gateway, name)

    return get


ROUTES: dict[tuple[str, str], EdgeRoute] = {
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
    ("GET", "/interfacePriority"): _get_interface,
    ("PUT", "/interfacePriority/cellular"): _prefer("cellular"),
    ("PUT", "/interfacePriority/ethernet"): _prefer("ethernet"),
    ("POST", "/update"): _update,
    ("POST", "/time"): _set_time,
    ("POST", "/sleep"): _sleep,
    ("POST", "/observation"): _flash,
    ("POST", "/accessible"): _led,
    ("POST", "/message"): _message,
    ("GET", "/deviceAdcRead420"): _adc_read_420,
}
