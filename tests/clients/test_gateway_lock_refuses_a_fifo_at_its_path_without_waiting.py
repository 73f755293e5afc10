"""Any local user can `mkfifo` the gateway's lock file in /tmp before the timer's first run: opened as
a file, a FIFO with no writer blocks the open forever, and the on-device apply hung with no word. It
is refused at once as no regular file, before any request."""

import os
import threading
from pathlib import Path

import pytest

from iotplan.clients import gateway_lock
from iotplan.errors import IotplanError


def test_gateway_lock_refuses_a_fifo_at_its_path_without_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gateway_lock, "LOCK_DIRECTORY", tmp_path)
    planted = gateway_lock.lock_file("http://127.0.0.1:8402", None)
    os.mkfifo(planted)
    refusals: list[str] = []

    def take() -> None:
        try:
            with gateway_lock.holding_the_gateway("http://127.0.0.1:8402", None):
                refusals.append("taken")
        except IotplanError as error:
            refusals.append(str(error))

    taking = threading.Thread(target=take, daemon=True)
    taking.start()
    taking.join(timeout=10)
    if taking.is_alive():
        os.close(os.open(planted, os.O_WRONLY | os.O_NONBLOCK))  # a writer lets the blocked open end
        taking.join()
        pytest.fail("the open of a FIFO at the lock file's path waited for a writer")

    assert len(refusals) == 1
    assert f"lock file {planted}: it is not a regular file" in refusals[0]
