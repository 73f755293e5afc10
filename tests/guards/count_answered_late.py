"""Shared by the tests of a removal whose unit's first count was read some time before its first call:
the platform's client on a clock of the test's own (no sleeps); once armed, the next count (commands/
apply.py `recounted`) is answered, then `late` seconds pass and a sensor reports (`arrive`) before
anything else runs: a slow answer, a large plan's calls being built."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any

import pytest

from iotplan.clients.target import Target
from iotplan.commands import apply
from iotplan.commands.apply import ApplyRequest, ApplyResult, prepare_apply, run_apply
from tests.guards.test_apply_command import Platform, desired


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Calls:
    """The platform's client on `clock`, naming every call; `armed` once its first integrate call is
    answered when `arm_on` is "integrate"."""

    def __init__(self, client: Any, clock: Clock, arm_on: str, armed: list[bool]) -> None:
        self.client, self.arm_on, self.armed = client, arm_on, armed
        self.calls: list[str] = []
        client.throttle.clock = clock  # the one the pacing line and a guarded write's age read

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.client, name)
        if not inspect.iscoroutinefunction(method):
            return method

        async def named(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            answer = await method(*args, **kwargs)
            if name == "integrate" and self.arm_on == "integrate" and self.calls.count("integrate") == 1:
                self.armed[0] = True
            return answer

        return named


def applied(
    platform: Platform,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    late: float,
    arrive: Callable[[], None],
    arm_on: str,
) -> tuple[ApplyResult, Calls]:
    """`text` applied one unit at a time; the count armed (`arm_on`: "confirm", or "integrate" once the
    first call is answered) is `late`, `arrive` running meanwhile."""
    clock, armed, clients = Clock(), [False], []
    counted = apply.counted_again

    async def counted_late(*args: Any, **kwargs: Any) -> Any:
        read = await counted(*args, **kwargs)
        if armed[0]:
            armed[0] = False
            clock.now += late
            arriving = threading.Thread(target=arrive)  # the platform, written from another thread
            arriving.start()
            arriving.join()
        return read

    monkeypatch.setattr(apply, "counted_again", counted_late)

    def watched(client: Any) -> Calls:
        clients.append(Calls(client, clock, arm_on, armed))
        return clients[-1]

    def confirm() -> None:
        armed[0] = arm_on == "confirm"

    async def work(target: Target) -> ApplyResult:
        prepared = await prepare_apply(target, desired(text), ApplyRequest(parallelism=1), {})
        return await run_apply(target, prepared, {}, confirm=confirm)

    return platform.run(work, client=watched), clients[0]
