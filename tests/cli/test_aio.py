"""The commands' asyncio runner hands back the result without formatting it, makes a second
signal wait for the report, and ends whatever tasks are left."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading

import pytest

from iotplan.cli import aio, stop_signals
from iotplan.cli.aio import run


class Result:
    """Stands for a 100,000-change plan, whose repr costs seconds."""

    formatted = 0

    def __repr__(self) -> str:
        Result.formatted += 1
        return "Result()"


async def produce() -> Result:
    return Result()


@pytest.mark.usefixtures("python_sigint_handler")
def test_asyncio_run_itself_formats_the_result() -> None:
    # Why `run` exists: when this fails on a later Python, `run` may go.
    Result.formatted = 0
    asyncio.run(produce())
    assert Result.formatted > 0


@pytest.mark.usefixtures("python_sigint_handler")
def test_run_returns_the_result_without_formatting_it() -> None:
    Result.formatted = 0
    assert isinstance(run(produce()), Result)
    assert Result.formatted == 0


async def reports_after(stop: signal.Signals, again: signal.Signals) -> str:
    """Stopped by `stop`, it makes its report, during which `again` comes."""
    signal.raise_signal(stop)
    try:
        await asyncio.sleep(5)  # the handler cancels the task here
    except asyncio.CancelledError:
        signal.raise_signal(again)
        await asyncio.sleep(0)  # the report's own awaits go on
    return "report"


@pytest.mark.usefixtures("python_sigint_handler", "default_sigterm_handler")
@pytest.mark.parametrize("again", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_second_signal_while_the_report_is_made_is_told_and_ignored(
    capsys: pytest.CaptureFixture[str], again: signal.Signals
) -> None:
    try:
        report = run(reports_after(signal.SIGINT, again))
    except KeyboardInterrupt:  # asyncio.run's second Ctrl-C, raised into the task
        pytest.fail("the second signal stopped the report")
    assert report == "report"
    assert capsys.readouterr().err == f"{aio.TOLD}\n"


@pytest.mark.usefixtures("python_sigint_handler")
def test_a_second_signal_after_the_grace_period_stops_at_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stop_signals, "GRACE_SECONDS", -1.0)  # any later signal comes after it

    def exit_at_once(code: int) -> None:
        raise SystemExit(code)  # instead of ending the test process

    monkeypatch.setattr(stop_signals.os, "_exit", exit_at_once)
    with pytest.raises(SystemExit) as stopped:
        run(reports_after(signal.SIGINT, signal.SIGINT))
    assert stopped.value.code == 130
    assert capsys.readouterr().err == f"{aio.STOPPED_NOW}\n"


async def leaves_a_task_that_ignores_its_cancellation() -> str:
    async def stubborn() -> None:
        while True:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.sleep(3600)

    asyncio.get_running_loop().create_task(stubborn())
    await asyncio.sleep(0)
    return "done"


def test_a_task_left_running_that_will_not_end_does_not_keep_the_command_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # asyncio.run waits for every leftover task forever (one spun at 100% CPU after a Ctrl-C).
    monkeypatch.setattr(aio, "LET_GO_SECONDS", 0.1, raising=False)
    results: list[str] = []
    runner = threading.Thread(
        target=lambda: results.append(run(leaves_a_task_that_ignores_its_cancellation()))
    )
    runner.daemon = True  # a runner that never ends is let go with the test process
    runner.start()
    runner.join(timeout=10)
    assert results == ["done"]
