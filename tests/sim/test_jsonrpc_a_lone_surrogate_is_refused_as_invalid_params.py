"""A JSON-RPC text holding a lone surrogate (`"\\ud800"` in the frame), which no UTF-8 can carry, is
refused at once as invalid params (-32602), naming where it is, as REST refuses it with a 400; nothing is
written and the connection goes on. It went unanswered: the store's UnicodeEncodeError ended the
frame's task, and the client waited for ever."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from iotplan.sim import create_app, demo_seed
from tests.sim.rpc_client import THREAD, logger, piezometer

DEVICE = f"{THREAD}/vwlogger/vw1/device"
SENSOR = f"{DEVICE}/p1/sensor"
NODE = "/fn/ABC123/node"
UNANSWERED = 30  # seconds: a guard, so a frame never answered fails the test instead of stalling it
LONE = "\ud800"


def frame(request_id: int, method: str, params: dict[str, Any]) -> str:
    """As a client writes it: json.dumps escapes the surrogate, `"\\ud800"` on the wire."""
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})


async def exchange(frames: list[str]) -> list[dict[str, Any]]:
    """The emulator's WebSocket endpoint in process, each frame's answer awaited within UNANSWERED."""
    app, inbox, outbox = create_app(seed=demo_seed()), asyncio.Queue[Any](), asyncio.Queue[Any]()
    await inbox.put({"type": "websocket.connect"})
    served = asyncio.create_task(
        app({"type": "websocket", "path": "/", "headers": []}, inbox.get, outbox.put)
    )
    assert (await asyncio.wait_for(outbox.get(), UNANSWERED))["type"] == "websocket.accept"
    answers = []
    for text in frames:
        await inbox.put({"type": "websocket.receive", "text": text})
        sent = await asyncio.wait_for(outbox.get(), UNANSWERED)
        answers.append(json.loads(sent["text"]))
    await inbox.put({"type": "websocket.disconnect", "code": 1000})
    await asyncio.wait_for(served, UNANSWERED)
    return answers


WRITES = [
    (
        "createNode",
        {"node": NODE, "type": "THREAD", "props": {"NAME": LONE, "VERSION": "1"}},
        "params.props.NAME",
    ),
    ("createDevice", logger(NAME=LONE), "params.props.NAME"),
    ("createSensor", piezometer(DEVICE, name="p2", NAME=LONE), "params.props.NAME"),
    ("updateNode", {"node": THREAD, "props": {"NAME": LONE}}, "params.props.NAME"),
    ("updateDevice", {"device": DEVICE, "props": {"NAME": LONE}}, "params.props.NAME"),
    ("updateSensor", {"sensor": SENSOR, "props": {"NAME": f"pz{LONE}"}}, "params.props.NAME"),
    ("getSensors", {"sensors": [SENSOR, f"{SENSOR}{LONE}"]}, "params.sensors[1]"),
]


@pytest.mark.parametrize(("method", "params", "where"), WRITES, ids=[method for method, _, _ in WRITES])
def test_a_lone_surrogate_is_refused_as_invalid_params_and_the_connection_goes_on(
    method: str, params: dict[str, Any], where: str
) -> None:
    [authenticated, made_device, made_sensor, refused, read] = asyncio.run(
        exchange(
            [
                frame(0, "authenticate", {"code": "demo-key"}),
                frame(1, "createDevice", logger()),
                frame(2, "createSensor", piezometer(DEVICE)),
                frame(3, method, params),
                frame(4, "getSensors", {"sensors": [SENSOR]}),
            ]
        )
    )
    assert all("result" in answer for answer in (authenticated, made_device, made_sensor))
    assert refused["id"] == 3 and refused["error"]["code"] == -32602, refused
    assert where in refused["error"]["message"]
    assert read["result"][0]["props"]["NAME"] == "Piezometer p1"  # nothing written, still answering


def test_a_lone_surrogate_in_the_credential_is_refused_as_invalid_params() -> None:
    [refused] = asyncio.run(exchange([frame(0, "authenticate", {"code": f"demo-key{LONE}"})]))
    assert refused["error"]["code"] == -32602 and "params.code" in refused["error"]["message"]
