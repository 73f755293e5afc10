"""Commands run with the cyclic collector off (cli/main.py): the cycles requests leave are freed."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.conftest import Workspace


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()


def answers_in_cycles() -> int:
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        return sum(isinstance(thing, httpx.Response) for thing in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


@pytest.mark.parametrize("command", ["plan", "apply"])
def test_no_answer_is_kept_alive_by_a_cycle(workspace: Workspace, collector_off: None, command: str) -> None:
    extra = ["--auto-approve"] if command == "apply" else []
    result = workspace.run(command, "examples/quickstart/site.yaml", *extra)
    assert result.exit_code == 0, result.output
    assert answers_in_cycles() == 0
