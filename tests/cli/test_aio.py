"""The commands' asyncio runner hands back the result without formatting it."""

from __future__ import annotations

import asyncio

import pytest

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
