"""A THREAD whose settings reads answer something its API does not document (an HTML error page
passed on by a proxy, an empty body, `null`) is unreadable, nothing written to it: read as "unset" or
as the value, each setting would be written over (a firmware update sent to a THREAD already on the
version) on a read iotplan could not make sense of. Its serial read so answered says it gave none."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from iotplan.live.model import GatewayStatus
from tests.live.test_gateway_answers import HOST, read, thread

PAGE = "<html><body><h1>502 Bad Gateway</h1></body></html>"


def listed(*items: Any) -> httpx.Response:
    """A JSON list as the answer (a bare list is a series of answers to `read`)."""
    return httpx.Response(200, json=list(items))


NONSENSE = [PAGE, "", None, listed(), {}, True, 1, {"value": None}, listed("7.17.0"), 7.17, "x y"]
NONSENSE_IDS = [
    "html",
    "empty",
    "null",
    "list",
    "object",
    "true",
    "number",
    "null-value",
    "in-list",
    "float",
    "words",
]
WANTED = {"port1.comm_type", "port1.baud_rate", "interface_priority", "app_version"}


def in_sync(**answers: Any) -> dict[str, Any]:
    """A THREAD whose answers to the WANTED reads are all documented ones, `answers` replacing some."""
    documented = {"/api/version": "7.17.0", "/api/interfacePriority": {"content": "eth0"}}
    return thread(**{**documented, **answers})


def html() -> httpx.Response:
    return httpx.Response(200, text=PAGE, headers={"content-type": "text/html"})


@pytest.mark.parametrize(
    "answer",
    [html(), httpx.Response(204), "", None, listed(), 1, "RS232", True, {"value": {"COMM_TYPE": "RS232"}}],
    ids=["html", "no-body", "empty-text", "null", "list", "number", "text", "true", "wrapped"],
)
def test_port_settings_answered_with_nonsense_leave_the_gateway_unread(answer: Any) -> None:
    live = read(in_sync(**{"/api/configure?port=1": answer}), wanted=WANTED)
    assert live.status is GatewayStatus.UNREADABLE, live
    assert live.message.startswith(f"the gateway at {HOST} answered GET /api/configure?port=1 with ")
    assert "where its API gives an object of the port's properties" in live.message
    assert "nothing is written to it" in live.message and live.settings == {}


def test_a_port_with_nothing_set_still_reads_as_unset() -> None:
    live = read(in_sync(**{"/api/configure?port=1": {}}), wanted=WANTED)
    assert live.status is GatewayStatus.OK, live
    assert live.settings["port1.comm_type"] is None and live.settings["port1.baud_rate"] is None


NOT_A_VERSION = [
    (answer, name)
    for answer, name in zip(NONSENSE, NONSENSE_IDS, strict=True)
    if name not in {"number", "float"}
]


@pytest.mark.parametrize(
    "answer",
    [*(answer for answer, _ in NOT_A_VERSION), "x", "7.17.0 x", html()],
    ids=[*(name for _, name in NOT_A_VERSION), "x", "suffix", "page"],
)
def test_a_version_answered_with_nonsense_leaves_the_gateway_unread(answer: Any) -> None:
    live = read(in_sync(**{"/api/version": answer}), wanted=WANTED)
    assert live.status is GatewayStatus.UNREADABLE, live
    assert live.message.startswith(f"the gateway at {HOST} answered GET /api/version with ")
    assert "where its API gives a version" in live.message and "nothing is written to it" in live.message


@pytest.mark.parametrize(
    "answer",
    [*NONSENSE, {"content": PAGE}, {"content": ""}, {"content": None}, html()],
    ids=[*NONSENSE_IDS, "page-content", "empty-content", "null-content", "page"],
)
def test_an_interface_priority_answered_with_nonsense_leaves_the_gateway_unread(answer: Any) -> None:
    live = read(in_sync(**{"/api/interfacePriority": answer}), wanted=WANTED)
    assert live.status is GatewayStatus.UNREADABLE, live
    assert live.message.startswith(f"the gateway at {HOST} answered GET /api/interfacePriority with ")
    assert "where its API gives an interface" in live.message


@pytest.mark.parametrize(
    ("version", "interface", "read_as"),
    [
        ("7.17.0", {"content": "eth0"}, ("7.17.0", "ethernet")),
        ({"value": " 7.17.0 "}, "ppp0", ("7.17.0", "cellular")),
        ("7.18", {"content": "wlan0"}, ("7.18", "wlan0")),
    ],
    ids=["documented", "value-object-and-bare", "unknown-but-well-formed"],
)
def test_the_text_answers_of_a_documented_form_are_read(
    version: Any, interface: Any, read_as: tuple[str, str]
) -> None:
    live = read(in_sync(**{"/api/version": version, "/api/interfacePriority": interface}), wanted=WANTED)
    assert live.status is GatewayStatus.OK, live
    assert (live.settings["app_version"], live.settings["interface_priority"]) == read_as


@pytest.mark.parametrize(
    "answer",
    [html(), "", None, listed(), {}, True, {"value": PAGE}],
    ids=["html", "empty", "null", "list", "object", "true", "page-value"],
)
def test_a_serial_answered_with_nonsense_is_no_serial_not_another_threads(answer: Any) -> None:
    live = read(thread(**{"/api/serialNumber": answer}), wanted=WANTED)
    assert live.status is GatewayStatus.UNREADABLE, live
    assert live.message.startswith(f"{HOST} answered, but not with a THREAD's serial: ")
    assert "where its API gives a THREAD's serial" in live.message and live.serial is None


@pytest.mark.parametrize("status", [401, 404])
def test_a_serial_read_refused_is_said_as_answered_never_unreachable(status: int) -> None:
    live = read(thread(**{"/api/serialNumber": httpx.Response(status, json={"error": {"message": "no"}})}))
    assert live.status is GatewayStatus.UNREADABLE, live
    assert live.message.startswith(f"{HOST} answered, but not with a THREAD's serial: ")


@pytest.mark.parametrize(
    ("route", "body", "read_as"), [("serial", "123456", "123456"), ("version", "7.10", "7.10")]
)
def test_a_serial_or_version_answered_as_bare_digits_is_read_as_written(
    route: str, body: str, read_as: str
) -> None:
    """A serial of decimal digits (hex has them) sent as plain text parses as a JSON number: its text."""
    answer = httpx.Response(200, text=body, headers={"content-type": "text/plain"})
    path = "/api/serialNumber" if route == "serial" else "/api/version"
    documented = {"/api/serialNumber": {"value": read_as}} if route == "serial" else {}
    live = read(in_sync(**{**documented, path: answer}), wanted=WANTED)
    assert live.status is not GatewayStatus.UNREADABLE, live
    assert (live.serial if route == "serial" else live.settings["app_version"]) == read_as


@pytest.mark.parametrize(
    ("answer", "read_as"),
    [
        ({"content": "7.18.0"}, "7.18.0"),
        ({"version": "7.18.0"}, "7.18.0"),
        ("v7.18.0", "v7.18.0"),
        ("7.18.0-rc1", "7.18.0-rc1"),
    ],
)
def test_a_version_in_any_text_form_the_reference_or_a_gateway_uses_is_read(
    answer: Any, read_as: str
) -> None:
    """The reference documents one object form for a text answer, `{"content": ...}`, and no version form."""
    live = read(in_sync(**{"/api/version": answer}), wanted=WANTED)
    assert live.status is not GatewayStatus.UNREADABLE, live
    assert live.settings["app_version"] == read_as


@pytest.mark.parametrize("answer", [{"content": "4A1B2C"}, {"serialNumber": "4A1B2C"}])
def test_a_serial_in_an_object_form_is_read(answer: Any) -> None:
    live = read(in_sync(**{"/api/serialNumber": answer}), wanted=WANTED)
    assert live.serial == "4A1B2C" and live.status is not GatewayStatus.UNREADABLE, live


def test_a_text_answer_holding_two_texts_is_not_one() -> None:
    live = read(in_sync(**{"/api/version": {"value": "7.18.0", "version": "7.17.0"}}), wanted=WANTED)
    assert live.status is GatewayStatus.UNREADABLE, live


@pytest.mark.parametrize(
    ("path", "field", "read_as"),
    [("/api/serialNumber", "serial", "4A1B2C"), ("/api/version", "version", "7.18.0")],
)
def test_one_object_answering_both_reads_is_read_by_the_name_of_each(
    path: str, field: str, read_as: str
) -> None:
    """Refused as two texts, and the gateway left unread, though each read's own name was there."""
    both = {"serialNumber": "4A1B2C", "version": "7.18.0"}
    live = read(in_sync(**{path: both}), wanted=WANTED)
    assert live.status is not GatewayStatus.UNREADABLE, live
    assert (live.serial if field == "serial" else live.settings["app_version"]) == read_as
