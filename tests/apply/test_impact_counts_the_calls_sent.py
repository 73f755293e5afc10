"""The Impact line's request estimate counts the requests an apply sends, from its confirmation to
its verifying plan: its integrate calls as they are built (a device takes a place in every call that
carries its sensors), and the reads between them: each connection whose removals are counted again
once confirmed and just before its unit's writes (unless it is the only one), again before each
later call carrying removals, and read back after each replacement's removal call. Two sensor
replacements at `--entities-per-call 2` were estimated "about 2 requests" and sent 4; 40 removals at
`--entities-per-call 1`, "about 40", and sent 40 writes and 40 reads."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

import iotplan.commands.apply as apply_module
import iotplan.commands.on_device as on_device_module
import iotplan.sim
from tests.apply.test_impact_counts_the_thread_requests_sent import Answer
from tests.apply.test_replacement_removals_split import NEW_TEMPLATE
from tests.cli.test_entities_per_call import TWELVE_DEVICES, Handle, Proxy
from tests.e2e.conftest import PROJECT, Workspace

Devices = dict[str, list[str]]  # each device's key → its sensors' templates, in order
Connections = dict[str, Devices]  # each connection's key → its devices


class Between(Proxy):
    """Records each request the apply sends once confirmed, until its verifying plan reads: REST's, and
    JSON-RPC's (the recount of a REST 0 asks it)."""

    def __init__(self) -> None:
        super().__init__()
        self.recording = False
        self.sent: list[str] = []

    def before(self, handle: Handle) -> Handle:
        passed = super().before(handle)

        async def answer(request: httpx.Request) -> httpx.Response:
            if self.recording:
                self.sent.append(f"{request.method} {request.url.path}")
            return await passed(request)

        return answer

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        super().install(monkeypatch)
        made = iotplan.sim.embedded_transport

        def embedded(*args: Any, **kwargs: Any) -> Any:
            transport = made(*args, **kwargs)
            opened = transport.jsonrpc_connection
            transport.jsonrpc_connection = lambda: self.rpc(opened())  # type: ignore[method-assign]
            return transport

        monkeypatch.setattr(iotplan.sim, "embedded_transport", embedded)

    def rpc(self, handle: Answer) -> Answer:
        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            if self.recording:
                self.sent.append(f"rpc {request.get('method')}")
            return await handle(request)

        return answer

    def install_around_apply(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.install(monkeypatch)
        applied = apply_module.apply_prepared

        async def apply_prepared(
            *args: Any, confirm: Callable[[], None], replan: Callable[[], Awaitable[Any]], **kwargs: Any
        ) -> Any:
            def confirmed() -> None:
                confirm()
                self.recording = True

            async def verifying() -> Any:
                self.recording = False
                return await replan()

            return await applied(*args, confirm=confirmed, replan=verifying, **kwargs)

        # on_device binds apply_prepared when first imported: patched there too, and restored there, so
        # an import during this test does not leave the wrapper to the tests after it
        monkeypatch.setattr(apply_module, "apply_prepared", apply_prepared)
        monkeypatch.setattr(on_device_module, "apply_prepared", apply_prepared)


def manifest(connections: Connections) -> str:
    lines = [f"apiVersion: iotplan/v1\nstack: calls\nprojects:\n  - id: {PROJECT}\n    nodes:"]
    for connection, devices in connections.items():
        lines.append(
            f"      - key: {connection}\n        kind: api\n        name: {connection}\n        devices:"
        )
        for device, templates in devices.items():
            lines.append(f"          - key: {device}\n            name: {device}\n            sensors:")
            lines += [
                f"              - {{key: s{index}, template: {t}}}" for index, t in enumerate(templates)
            ]
        if not devices:
            lines[-1] += " []"
    return "\n".join(lines) + "\n"


def estimated_and_sent(
    workspace: Workspace, proxy: Between, connections: Connections | str, per_call: int
) -> tuple[int, list[str]]:
    text = connections if isinstance(connections, str) else manifest(connections)
    (workspace.path / "calls.yaml").write_text(text)
    proxy.sent = []
    flags = ["--allow-destroy", "--auto-approve", "--no-color", "--entities-per-call", str(per_call)]
    done = workspace.run("apply", "calls.yaml", "--sim-db", "sim.db", *flags)
    assert done.exit_code == 0, done.output
    estimate = re.search(r"apply sends about (\d+) request", done.output)
    assert estimate is not None, done.output
    return int(estimate.group(1)), proxy.sent


T, M = "TEMPERATURE_SDE", "MOISTURE_SDE"
PA, KPA = (
    f"GENERIC_SENSOR_SDE, metrics: [{{custom_metric: pore_pressure, unit: {u}}}]" for u in ("Pa", "kPa")
)
SHAPES: list[tuple[str, Connections, Connections, int]] = [
    # name, applied first, then applied (its estimate against the requests it sends), entities per call
    ("two sensors replaced under their device", {"c1": {"d0": [T, T]}}, {"c1": {"d0": [M, M]}}, 2),
    ("a new device with seven sensors", {"c1": {}}, {"c1": {"d0": [T] * 7}}, 3),
    (
        "twelve new devices of one sensor each",
        {"c1": {}},
        {"c1": {f"d{index}": [T] for index in range(12)}},
        5,
    ),
    (
        "a device removed, sensors added and replaced under others",
        {"c1": {"d0": [T], "d1": [T, T, T], "d2": [T]}},
        {"c1": {"d1": [M, T, T, T, T], "d2": [M, M, T, T]}},
        3,
    ),
    ("forty sensors removed a call each", {"c1": {"d0": [T] * 41}}, {"c1": {"d0": [T]}}, 1),
    (
        "data-model changes of sensors without history, in two calls",
        {"c1": {"d0": [PA] * 4}},
        {"c1": {"d0": [PA, KPA] * 2}},
        2,
    ),
    (
        "removals in two connections, the second's in two calls",
        {"c1": {"d0": [T, T]}, "c2": {"d0": [T, T, T]}},
        {"c1": {"d0": [T]}, "c2": {"d0": [T]}},
        2,
    ),
]


@pytest.mark.parametrize(("name", "before", "after", "per_call"), SHAPES, ids=[shape[0] for shape in SHAPES])
def test_the_estimate_is_the_requests_the_apply_sends(
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    before: Connections,
    after: Connections,
    per_call: int,
) -> None:
    proxy = Between()
    proxy.install_around_apply(monkeypatch)
    estimated_and_sent(workspace, proxy, before, per_call)
    estimate, sent = estimated_and_sent(workspace, proxy, after, per_call)
    assert estimate == len(sent), f"estimated {estimate}, sent {len(sent)}: {sent}"


def test_the_estimate_counts_each_replaced_device_removal_call_read_back(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = Between()
    proxy.install_around_apply(monkeypatch)
    estimated_and_sent(workspace, proxy, TWELVE_DEVICES, 5)
    estimate, sent = estimated_and_sent(workspace, proxy, NEW_TEMPLATE, 5)
    assert estimate == len(sent), f"estimated {estimate}, sent {len(sent)}: {sent}"
