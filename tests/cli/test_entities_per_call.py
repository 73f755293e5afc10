"""`apply --entities-per-call N`: a connection's changes go in integrate calls of at most N devices
and sensors, the Impact line counts the calls so made, a 413 says how to get under the body cap the
platform (or a proxy before it) keeps, and a size outside 1..500 is refused before anything is sent."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

import iotplan.sim
from tests.e2e.conftest import PROJECT, Workspace

Handle = Callable[[httpx.Request], Awaitable[httpx.Response]]

TWELVE_DEVICES = f"""\
apiVersion: iotplan/v1
stack: calls
projects:
  - id: {PROJECT}
    nodes:
      - key: c1
        kind: api
        name: conn
        devices:
""" + "".join(f"          - {{key: d{index}, name: device {index}}}\n" for index in range(12))


class Proxy:
    """In front of the embedded platform, as an API gateway would be: records each integrate body,
    and answers 413 to one longer than `cap` bytes without passing it on."""

    def __init__(self, cap: int | None = None) -> None:
        self.cap = cap
        self.bodies: list[dict[str, Any]] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        made = iotplan.sim.embedded_transport

        def embedded(*args: Any, **kwargs: Any) -> Any:
            transport = made(*args, **kwargs)
            transport.handle_async_request = self.before(transport.handle_async_request)  # type: ignore[method-assign]
            return transport

        monkeypatch.setattr(iotplan.sim, "embedded_transport", embedded)

    def before(self, handle: Handle) -> Handle:
        async def answer(request: httpx.Request) -> httpx.Response:
            if not request.url.path.endswith("/integrations/integrate"):
                return await handle(request)
            if self.cap is not None and len(request.content) > self.cap:
                refusal = {"code": "PayloadTooLarge", "message": f"body {len(request.content)} > {self.cap}"}
                return httpx.Response(413, json={"error": refusal}, request=request)
            self.bodies.append(json.loads(request.content))
            return await handle(request)

        return answer

    def entities_per_body(self) -> list[int]:
        return [len(body["integration"]["devices"]) for body in self.bodies]


def apply(workspace: Workspace, *flags: str) -> Any:
    (workspace.path / "calls.yaml").write_text(TWELVE_DEVICES)
    return workspace.run("apply", "calls.yaml", "--sim-db", "sim.db", "--auto-approve", "--no-color", *flags)


def test_twelve_devices_go_in_calls_of_five(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    proxy = Proxy()
    proxy.install(monkeypatch)
    done = apply(workspace, "--entities-per-call", "5")
    assert done.exit_code == 0, done.output
    assert proxy.entities_per_body() == [5, 5, 2]
    assert "apply sends about 3 requests" in done.output  # the Impact line counts the calls made


def test_a_body_refused_as_too_large_says_to_halve_the_call(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = Proxy(cap=1500)  # six devices' body fits, twelve's does not
    proxy.install(monkeypatch)
    refused = apply(workspace)
    assert refused.exit_code == 1 and proxy.bodies == []
    said = " ".join(refused.output.split())
    assert "answered 413: PayloadTooLarge: body" in said
    assert (
        "The platform (or a proxy in front of it) refused the request body as too large: rerun with "
        "--entities-per-call 6 (half of this call's 12 entities)"
    ) in said
    assert "may or may not be applied" in said  # a 413 is told apart from no other refusal
    done = apply(workspace, "--entities-per-call", "6")
    assert done.exit_code == 0, done.output
    assert proxy.entities_per_body() == [6, 6]


@pytest.mark.parametrize(
    ("size", "said"),
    [
        ("0", "0: a call carries from 1 to 500 devices and sensors"),
        ("-1", "-1: a call carries from 1 to 500 devices and sensors"),
        ("501", "501: a call carries from 1 to 500 devices and sensors"),
        ("٥", "'٥' is not a valid integer"),  # Arabic-Indic digits, as every number option refuses them
    ],
)
def test_a_size_outside_one_to_five_hundred_is_refused_before_anything_is_sent(
    workspace: Workspace, size: str, said: str
) -> None:
    done = apply(workspace, "--entities-per-call", size)
    assert done.exit_code == 1, done.output  # a usage error (cli/exit_codes.py)
    assert f"Invalid value for '--entities-per-call': {said}" in " ".join(done.stderr.split())
    assert not (workspace.path / "sim.db").exists()  # refused before the platform was opened
