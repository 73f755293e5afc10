"""A THREAD gateway's local REST API (the reference's THREAD edge REST API), for one gateway."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from iotplan.clients.errors import (
    UNKNOWN_OUTCOME,
    error_for,
    redacted_excerpt,
    redirected,
    transport_error,
)
from iotplan.clients.retry import RetryPolicy, send_with_retries
from iotplan.clients.values import finite_number
from iotplan.errors import AuthError, GatewayAnswerError, GatewayUnavailable, PlatformError
from iotplan.manifest.gateway_host import gateway_url

# Where an application on the THREAD reaches this API, as the vendor documents it (on-device mode's
# default, clients/local_gateway.py), and the variable naming another.
LOCAL_GATEWAY_URL = "http://localhost"
GATEWAY_URL_VARIABLE = "IOTPLAN_GATEWAY_URL"
EDGE_RETRY = RetryPolicy(attempts=2, max_wait=5.0, backoff=0.2)  # a sleeping gateway stays asleep
ASLEEP_STATUS = 503
RATE_LIMITED_STATUS = 429
# The port properties the reference's `/configure` table documents. An answer holding none of them
# (and not empty: a port with nothing set) is no port's settings: read as "unset", each would be
# written over.
PORT_PROPERTIES = frozenset(
    {"COMM_TYPE", "BAUD_RATE", "DATA_BITS", "PARITY_BIT", "DELIMITERS_HEX", "PORT", "HOST"}
)
# The forms of the text answers: a serial is hex (the reference: "a 6-character hex string"), a
# version dotted numbers (`?version=7.18.0`), an interface a network interface's name (`eth0`).
# Text of another form (an HTML error page, "None"), taken for the value, would be written over.
SERIAL_FORM = re.compile(r"[0-9A-Fa-f]+")
VERSION_FORM = re.compile(r"v?[0-9][0-9A-Za-z._+-]{0,63}")  # 7.18.0, v7.18.0, 7.18.0-rc1
INTERFACE_FORM = re.compile(r"[A-Za-z0-9_.-]+")
# The keys a text answer's object may hold it under: the reference documents `{"content": "eth0"}` for
# interfacePriority and no form for the others, which the emulator answers as `{"value": ...}`.
TEXT_KEYS = ("value", "content", "serialNumber", "version")
_OTHER_READ = {"serialNumber": "/serialNumber", "version": "/version"}  # the read each of these names


class EdgeClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        host: str,
        retry: RetryPolicy = EDGE_RETRY,
        *,
        unknown_hint: str = UNKNOWN_OUTCOME,  # what an error for a write of unknown outcome tells to run
    ) -> None:
        self.base = gateway_url(host) + "/api"
        self.host = host
        self.http = http
        self.retry = retry
        self.unknown_hint = unknown_hint

    def telling(self, unknown_hint: str) -> EdgeClient:
        """This client, the errors of its writes of unknown outcome ending in `unknown_hint`."""
        return EdgeClient(self.http, self.host, self.retry, unknown_hint=unknown_hint)

    # --- identity and facts --------------------------------------------------------------
    async def serial_number(self) -> str:
        answer = await self._call("GET", "/serialNumber", text_read=True)
        return self._text(answer, "/serialNumber", SERIAL_FORM, "a THREAD's serial (hex)")

    async def version(self) -> str:
        answer = await self._call("GET", "/version", text_read=True)
        return self._text(answer, "/version", VERSION_FORM, "a version (7.18.0)")

    # --- ports ---------------------------------------------------------------------------
    async def get_port_config(self, port: int) -> dict[str, Any]:
        """The port's properties, `{}` for a port with none set."""
        answer = await self._call("GET", "/configure", params={"port": port})
        if not isinstance(answer, dict) or (answer and not PORT_PROPERTIES & answer.keys()):
            expected = "an object of the port's properties (COMM_TYPE, BAUD_RATE, ...)"
            raise self._nonsense(f"/configure?port={port}", answer, expected)
        return answer

    async def put_port_config(self, port: int, props: dict[str, Any]) -> None:
        await self._call("PUT", "/configure", params={"port": port}, json=props)

    async def delete_port_config(self, port: int, resources: list[str]) -> None:
        await self._call("DELETE", "/configure", params={"port": port}, json={"resources": resources})

    async def set_interface_mode(self, port: int, mode: str) -> None:
        await self._call("POST", "/deviceRsSel", json={"portNumber": port, "content": mode})

    async def set_port_power(self, port: int, value: int) -> None:
        await self._call("POST", "/deviceVoltage", json={"portNumber": port, "value": value})

    async def read_port_voltage(self, port: int) -> float:
        params = {"port": port, "option": 0}
        return self._number(await self._call("GET", "/deviceAdcRead", params=params), "/deviceAdcRead")

    async def get_port_connection(self, port: int) -> bool:
        answer = await self._call("GET", "/deviceConnection", params={"port": port})
        return self._boolean(answer, "/deviceConnection")

    async def put_port_connection(self, port: int, value: bool) -> None:
        await self._call("PUT", "/deviceConnection", params={"port": port}, json={"value": value})

    # --- gateway-wide settings -----------------------------------------------------------
    async def get_battery_saver(self) -> dict[str, Any]:
        """`{"value": bool, "low": int | None, "high": int | None}`, checked."""
        answer = await self._call("GET", "/batterySaver")
        if not isinstance(answer, dict):
            raise self._nonsense("/batterySaver", answer, 'an object {"value", "low", "high"}')
        thresholds = {name: self._threshold(answer.get(name), answer) for name in ("low", "high")}
        return {"value": self._boolean(answer.get("value"), "/batterySaver"), **thresholds}

    async def put_battery_saver(self, value: bool, low: int | None, high: int | None) -> None:
        body: dict[str, Any] = {"value": value}
        if value and low is not None and high is not None:
            body.update(low=low, high=high)
        await self._call("PUT", "/batterySaver", json=body)

    async def get_cloud_connection(self) -> bool:
        return self._boolean(await self._call("GET", "/cloudConnection"), "/cloudConnection")

    async def put_cloud_connection(self, value: bool) -> None:
        # Documented as a string on write: {"value": "true"|"false"}.
        await self._call("PUT", "/cloudConnection", json={"value": "true" if value else "false"})

    async def get_interface_priority(self) -> str:
        answer = await self._call("GET", "/interfacePriority")
        return self._text(answer, "/interfacePriority", INTERFACE_FORM, 'an interface ({"content": "eth0"})')

    async def put_interface_priority(self, interface: str) -> None:
        await self._call("PUT", f"/interfacePriority/{interface}")

    async def update(self, version: str) -> None:
        await self._call("POST", "/update", params={"version": version})

    # --- the one place requests are made -------------------------------------------------
    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        text_read: bool = False,
    ) -> Any:
        request = self.http.build_request(method, self.base + path, params=params, json=json)
        write = method != "GET"
        try:
            response = await send_with_retries(lambda: self.http.send(request), self.retry, write=write)
        except httpx.TransportError as error:
            raise transport_error(
                request, error, write=write, gateway=True, unknown_hint=self.unknown_hint
            ) from None
        # A write answered 503 is not taken for a sleeping gateway: the answer may come after the
        # write was made, so its outcome is unknown (error_for says so), never "not written".
        if response.status_code == ASLEEP_STATUS and not write:
            raise self._asleep(response, request)
        if response.status_code == RATE_LIMITED_STATUS and not write:  # it answers, so not "unreachable"
            raise self._rate_limited(response, request)
        if response.is_error:
            raise _the_gateways_own(error_for(response, write=write, unknown_hint=self.unknown_hint))
        if response.is_redirect:  # taken for an answer, a write's 3xx passed for done
            raise redirected(
                response,
                "the gateway's `host` (or --gateway-url)",
                added=f"/api{path}",
                write=write,
                unknown_hint=self.unknown_hint,
                with_credential=False,
            )
        try:
            answer = response.json()
        except (ValueError, RecursionError):  # the parse recurses: an answer nested deep is not read
            return response.text
        # A serial or version answered with a bare number (a serial of decimal digits, 123456; 7.10) is
        # the text it was written as: JSON would respell it (7.1), or turn a serial into a number.
        return response.text if text_read and type(answer) in (int, float) else answer

    def _asleep(self, response: httpx.Response, request: httpx.Request) -> GatewayUnavailable:
        """A read answered 503, taken for a sleeping gateway (docs/api-assumptions.md A11): the vendor
        reference documents `POST /api/sleep`, not what a sleeping THREAD answers, and a 503 is as
        well a server's "unavailable", so it is told as either, with what came with it."""
        answered = error_for(response, write=False, unknown_hint=self.unknown_hint)
        return GatewayUnavailable(
            f"the gateway at {self.host} is asleep or unavailable: {answered}",
            asleep=True,
            request=request,
        )

    def _rate_limited(self, response: httpx.Response, request: httpx.Request) -> GatewayUnavailable:
        """A read still answered 429 once its retries (each after the retry-after asked for, within
        EDGE_RETRY's) ran out: a busy gateway, whose work waits as an unreachable one's does."""
        answered = error_for(response, write=False, unknown_hint=self.unknown_hint)
        return GatewayUnavailable(
            f"the gateway at {self.host} is rate limited (429): {answered}",
            rate_limited=True,
            request=request,
        )

    # --- answers read strictly: a value iotplan cannot be sure of makes the gateway unreadable --
    def _number(self, answer: Any, path: str) -> float:
        """A bare number, a numeric string, or the documented `{"value": n}`."""
        value = answer.get("value") if isinstance(answer, dict) else answer
        number = finite_number(value)
        if number is None:
            raise self._nonsense(path, answer, "a number")
        return number

    def _boolean(self, answer: Any, path: str) -> bool:
        """true/false as JSON, as a string (as `/cloudConnection` is written), bare or as `{"value": b}`."""
        value = answer.get("value") if isinstance(answer, dict) else answer
        if isinstance(value, str):
            value = {"true": True, "false": False}.get(value.strip().lower(), value)
        if not isinstance(value, bool):
            raise self._nonsense(path, answer, "true or false")
        return value

    def _text(self, answer: Any, path: str, form: re.Pattern[str], expected: str) -> str:
        """Text of `form`: a JSON string (or a body that is only the text), or an object holding it
        under exactly one of TEXT_KEYS, the name of another read aside (a gateway may answer both
        /serialNumber and /version with one object holding both); spaces around it are dropped."""
        keys = [key for key in TEXT_KEYS if _OTHER_READ.get(key) in (None, path)]
        held = [answer[key] for key in keys if key in answer] if isinstance(answer, dict) else [answer]
        value = held[0] if len(held) == 1 else None  # none, or two that may differ: not one text
        text = value.strip() if isinstance(value, str) else ""
        if not form.fullmatch(text):
            raise self._nonsense(path, answer, expected)
        return text

    def _threshold(self, value: Any, answer: Any) -> int | None:
        number = None if value is None else finite_number(value)
        if value is not None and (number is None or number != int(number)):
            raise self._nonsense("/batterySaver", answer, "whole-number low and high thresholds")
        return None if number is None else int(number)

    def _nonsense(self, path: str, answer: Any, expected: str) -> GatewayAnswerError:
        shown = (
            redacted_excerpt(json.dumps(answer), 80)
            if not isinstance(answer, str)
            else repr(redacted_excerpt(answer, 80))
        )
        return GatewayAnswerError(
            f"the gateway at {self.host} answered GET /api{path} with {shown} where its API gives "
            f"{expected}: its settings cannot be read, {NOTHING_WRITTEN}"
        )


# How a nonsense answer ends: true of a plan's read, which writes nothing to the gateway; a read-back
# after writes says otherwise (apply/edge.py).
NOTHING_WRITTEN = "and nothing is written to it"


def _the_gateways_own(error: PlatformError) -> PlatformError:
    """A THREAD's 401 or 403 (an authenticating proxy before one box) refuses none of the user's
    credentials, which its API never carries: not an AuthError, which stops every other unit."""
    if not isinstance(error, AuthError):
        return error
    return PlatformError(str(error), request=error.request, response=error.response)
