"""A THREAD's gateway swapped while apply waits for its confirmation: the box at the node's
`edge.host` now reports another serial than the plan confirmed there, answers without one, or fell
asleep. The plan is read again once confirmed and held to that read as a saved plan is, so nothing
is written."""

from __future__ import annotations

import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from click.testing import CliRunner, Result

from iotplan.cli.main import cli
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, devices_of

THREAD_HOST = "127.0.0.1:8404"  # 6C7D8E's in examples/thread/site.yaml; in process, nothing is bound


class Operator(io.BytesIO):
    """A terminal whose operator answers "yes" once `meanwhile` has run: the prompt's wait."""

    def __init__(self, meanwhile: Callable[[], None]) -> None:
        super().__init__(b"yes\n")
        self.meanwhile: Callable[[], None] | None = meanwhile

    def isatty(self) -> bool:
        return True

    def read1(self, size: int | None = -1) -> bytes:
        if self.meanwhile is not None:
            with ThreadPoolExecutor(1) as other:  # apply's event loop is running in this thread
                other.submit(self.meanwhile).result()
            self.meanwhile = None
        return super().read1(-1 if size is None else size)


def apply_at_the_prompt(workspace: Workspace, *changes: tuple[str, dict[str, str]]) -> Result:
    def meanwhile() -> None:
        for serial, state in changes:
            workspace.api("POST", f"/_sim/gateways/{serial}", json=state)

    operator = Operator(meanwhile)
    applied = CliRunner().invoke(cli, ["apply", SITE], input=operator, catch_exceptions=False)
    assert operator.meanwhile is None, applied.output
    return applied


def test_a_gateway_swapped_at_the_prompt_stops_the_nodes_platform_writes(workspace: Workspace) -> None:
    applied = apply_at_the_prompt(
        workspace, ("6C7D8E", {"host": "127.0.0.1:19251"}), ("4A1B2C", {"host": THREAD_HOST})
    )
    assert applied.exit_code == 1, applied.output
    assert f"the gateway at {THREAD_HOST} reports serial 4A1B2C, not 6C7D8E" in applied.stderr
    assert "Nothing was written: run iotplan apply again" in applied.stderr
    assert devices_of(workspace, "6C7D8E") == []


def test_a_box_that_answers_without_a_serial_at_the_prompt_stops_the_nodes_platform_writes(
    workspace: Workspace,
) -> None:
    """6C7D8E moves away; what answers at its host now (the platform's routes) refuses the serial
    read with a client error, as an authenticating proxy's 401 would: a plan leaves it unread."""
    applied = apply_at_the_prompt(workspace, ("6C7D8E", {"host": "127.0.0.1:19251"}))
    assert applied.exit_code == 1, applied.output
    assert f"{THREAD_HOST} answered, but not with a THREAD's serial" in applied.stderr
    assert "Nothing was written: run iotplan apply again" in applied.stderr
    assert devices_of(workspace, "6C7D8E") == []


def test_a_gateway_asleep_at_the_prompt_stops_the_apply(workspace: Workspace) -> None:
    """Its settings, read when the plan was shown, cannot be read again: as for a saved plan, what
    the plan writes there is not checked, so nothing is written."""
    applied = apply_at_the_prompt(workspace, ("6C7D8E", {"status": "asleep"}))
    assert applied.exit_code == 1, applied.output
    assert "tunnel-thread/edge is pending (asleep: " in applied.stderr
    assert "Nothing was written: run iotplan apply again" in applied.stderr
    assert devices_of(workspace, "6C7D8E") == []
