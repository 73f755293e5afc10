"""On a THREAD asleep, `--on-device` says so in one sentence: the gateway's answer ends with its own
full stop, which the line joined as "The THREAD is asleep.: nothing was read or written" (cr70)."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_on_device import on_device, thread

__all__ = ["thread"]  # the fixture: this THREAD answering at localhost


def test_an_asleep_thread_is_told_without_a_full_stop_mid_sentence(thread: Workspace) -> None:
    thread.api("POST", "/_sim/gateways/5D6E7F", json={"status": "asleep"})
    result = on_device(thread, "plan")
    assert result.exit_code == 1
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert line.endswith("The THREAD is asleep: nothing was read or written; run again when it wakes")
    assert ".:" not in line
