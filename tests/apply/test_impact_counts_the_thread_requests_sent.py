"""The Impact line's request estimate counts what a THREAD's apply sends: JSON-RPC's authenticate,
each THREAD's `getNodes` (the endpoint check) and its reads of the entities it updates, the gateway's
serial asked before the platform writes and before each setting written, and the settings' read-back.
The THREAD example was estimated "about 27 requests" and sent 34; a logger renamed behind iotplan's
back "about 3" and sent 5. Counted here as the embedded platform receives them, while the units run
(the plan before and the verifying plan after are reads of their own)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest

import iotplan.commands.apply as apply_command
import iotplan.sim
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, VW_LOGGER, rpc

Handle = Callable[[httpx.Request], Awaitable[httpx.Response]]
Answer = Callable[[dict[str, Any]], Awaitable[list[dict[str, Any]]]]


class Counter:
    """Every request the embedded platform and its THREADs receive (REST, JSON-RPC, gateway)
    while an apply's units run."""

    def __init__(self) -> None:
        self.counting = False
        self.sent: list[str] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        made, in_waves = iotplan.sim.embedded_transport, apply_command._in_waves

        def embedded(*args: Any, **kwargs: Any) -> Any:
            transport = made(*args, **kwargs)
            transport.handle_async_request = self.http(transport.handle_async_request)  # type: ignore[method-assign]
            opened = transport.jsonrpc_connection
            transport.jsonrpc_connection = lambda: self.rpc(opened())  # type: ignore[method-assign]
            return transport

        async def counted_waves(*args: Any, **kwargs: Any) -> Any:
            self.counting = True
            try:
                return await in_waves(*args, **kwargs)
            finally:
                self.counting = False

        monkeypatch.setattr(iotplan.sim, "embedded_transport", embedded)
        monkeypatch.setattr(apply_command, "_in_waves", counted_waves)

    def http(self, handle: Handle) -> Handle:
        async def answer(request: httpx.Request) -> httpx.Response:
            self.record(f"{request.method} {request.url.host}{request.url.path}")
            return await handle(request)

        return answer

    def rpc(self, handle: Answer) -> Answer:
        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            self.record(f"rpc {request.get('method')}")
            return await handle(request)

        return answer

    def record(self, request: str) -> None:
        if self.counting:
            self.sent.append(request)


def estimated_and_sent(workspace: Workspace, counter: Counter) -> tuple[int, list[str]]:
    counter.sent = []
    done = workspace.run("apply", SITE, "--auto-approve", "--no-color")
    assert done.exit_code == 0, done.output
    estimate = re.search(r"apply sends about (\d+) request", done.output)
    assert estimate is not None, done.output
    return int(estimate.group(1)), counter.sent


@pytest.fixture
def counter(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter]:
    counting = Counter()
    counting.install(monkeypatch)
    yield counting


def test_the_thread_example_on_a_fresh_platform(workspace: Workspace, counter: Counter) -> None:
    estimate, sent = estimated_and_sent(workspace, counter)
    assert "GET 127.0.0.1/api/serialNumber" in sent and "rpc getNodes" in sent  # what was left out
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"


def test_a_logger_renamed_behind_iotplans_back(workspace: Workspace, counter: Counter) -> None:
    estimated_and_sent(workspace, counter)
    rpc(workspace, "updateDevice", {"device": VW_LOGGER, "props": {"NAME": "renamed by hand"}})
    estimate, sent = estimated_and_sent(workspace, counter)
    assert (sent.count("rpc updateDevice"), sent.count("rpc getDevices")) == (
        1,
        1,
    )  # no ZERO_DATE to read back
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"


def test_sensors_renamed_and_a_port_setting_changed(workspace: Workspace, counter: Counter) -> None:
    estimated_and_sent(workspace, counter)
    for sensor in ("pz-1", "pz-2"):
        rpc(
            workspace,
            "updateSensor",
            {"sensor": f"{VW_LOGGER}/{sensor}/sensor", "props": {"NAME": "by hand"}},
        )
    workspace.edit(SITE, "serial: 19200 8N1", "serial: 9600 8N1")
    workspace.edit(
        SITE,
        "power: 12V\n            connected: true\n            comm_type: RS232",
        ("power: 15V\n            connected: true\n            comm_type: RS232"),
    )
    estimate, sent = estimated_and_sent(workspace, counter)
    assert sent.count("rpc updateSensor") == 2 and "PUT 127.0.0.1/api/configure" in sent
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"


def test_a_logger_holding_a_zero_date_renamed_behind_iotplans_back(
    workspace: Workspace, counter: Counter
) -> None:
    """Its update leaves its ZERO_DATE out and reads it back: one request more, foreseen; the VW
    logger above, holding none, is sent no read back."""
    estimated_and_sent(workspace, counter)
    rpc(workspace, "updateDevice", {"device": IPI_LOGGER, "props": {"NAME": "renamed by hand"}})
    estimate, sent = estimated_and_sent(workspace, counter)
    assert (sent.count("rpc updateDevice"), sent.count("rpc getDevices")) == (1, 2)
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"


def test_a_sensor_created_on_a_channel_of_a_logger_holding_sensors(
    workspace: Workspace, counter: Counter
) -> None:
    """Before its first write, the apply reads the logger's sensors again (`getSensors`) to stop if
    another writer took the channel since the plan: one request more, foreseen (it was not)."""
    estimated_and_sent(workspace, counter)
    pz_3 = "{key: pz-3, name: Piezometer PZ-3 (right wall), type: VW_PIEZOMETER, mux_index: 3}"
    pz_4 = "{key: pz-4, name: Piezometer PZ-4 (invert), type: VW_PIEZOMETER, mux_index: 4}"
    workspace.edit(SITE, pz_3, f"{pz_3}\n              - {pz_4}")
    estimate, sent = estimated_and_sent(workspace, counter)
    assert (sent.count("rpc createSensor"), sent.count("rpc getSensors")) == (1, 1), sent
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"


MOVED_TO_A_FREE_CHANNEL = ("type: VW_PIEZOMETER, mux_index: 3}", "type: VW_PIEZOMETER, mux_index: 5}")
# pz-3 onto a free channel, then pz-2 onto the one pz-3 left: two moves of one logger.
CHAINED = (
    MOVED_TO_A_FREE_CHANNEL,
    ("type: VW_PIEZOMETER, mux_index: 2}", "type: VW_PIEZOMETER, mux_index: 3}"),
)


@pytest.mark.parametrize("edits", [(MOVED_TO_A_FREE_CHANNEL,), CHAINED], ids=["move", "two-moves"])
def test_a_sensor_moved_reuses_the_session_its_plans_count_read_opened(
    workspace: Workspace, counter: Counter, edits: tuple[tuple[str, str], ...]
) -> None:
    """A sensor's channel move is a data-model change: the plan reads its history count through
    JSON-RPC (commands/plan.py), which authenticates, and the apply's writes go on that session. The
    estimate counted an authenticate besides, one too many ("about 5", 4 sent)."""
    estimated_and_sent(workspace, counter)
    for old, new in edits:
        workspace.edit(SITE, old, new)
    estimate, sent = estimated_and_sent(workspace, counter)
    assert "rpc authenticate" not in sent and sent.count("rpc updateSensor") == len(edits), sent
    assert estimate == len(sent), f"estimated {estimate}, sent {sent}"
