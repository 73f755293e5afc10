"""A signal that lands after a finished apply's last request, while its HTTP clients are closed (the
close awaits, so the cancel is delivered there), keeps the report: it is written whole, the JSON one
the only document on stdout, and the run ends with the signal's code saying the apply had finished.
The cancel raised out of the close after the apply had returned its result, which was dropped:
no report, no JSON document, and "Interrupted once the apply's writes had begun, before its report"."""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import pytest

from iotplan.cli import output
from iotplan.clients import local_gateway
from tests.e2e.conftest import QUICKSTART, Workspace

EDGE = "examples/edge/site.yaml"
# Where each target is opened, the arguments that apply on it, and how many changes it applies.
TARGETS: dict[str, tuple[Any, str, tuple[str, ...], int]] = {
    "platform": (output, "open_target", (QUICKSTART,), 8),
    "on-device": (
        local_gateway,
        "open_local_gateway",
        (EDGE, "--on-device", "--sim-db", ".iotplan/sim.db"),
        4,
    ),
}


def signalled_while_closing(
    opening: Callable[..., AbstractAsyncContextManager[Any]],
) -> Callable[..., AbstractAsyncContextManager[Any]]:
    @asynccontextmanager
    async def opened(*args: Any) -> AsyncIterator[Any]:
        async with opening(*args) as target:
            yield target
            signal.raise_signal(signal.SIGTERM)  # as the apply returns its result
            await asyncio.sleep(0)  # the close's first await: where the cancel is delivered

    return opened


@pytest.mark.usefixtures("default_sigterm_handler")
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("output_format", ["text", "json"])
def test_a_signal_while_a_finished_apply_closes_its_clients_keeps_its_report(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, output_format: str, target: str
) -> None:
    module, name, args, changes = TARGETS[target]
    if target == "on-device":  # the embedded THREAD 5D6E7F stands in for this gateway's own API
        workspace.api("POST", "/_sim/gateways/5D6E7F", json={"host": "localhost"})
    monkeypatch.setattr(module, name, signalled_while_closing(getattr(module, name)))
    result = workspace.run("apply", *args, "--auto-approve", "--format", output_format)
    assert result.exit_code == 143, (result.stdout, result.stderr)
    assert "writes had begun" not in result.stderr
    assert "Interrupted once the apply had finished: its report was written whole." in result.stderr
    if output_format == "json":
        report = json.loads(result.stdout)  # one document
        assert report["converged"] and report["status"] == "ran", report
        assert sum(report["applied_counts"].values()) == changes, report
    else:
        assert f"{changes} changes applied" in result.stdout
        assert "Verified: a fresh read shows no changes." in result.stdout
