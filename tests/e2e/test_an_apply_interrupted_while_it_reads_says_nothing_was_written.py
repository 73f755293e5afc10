"""An apply stopped by SIGTERM while it still reads, before its first write, says so in text as its
JSON document does (`stopped: interrupted`, `status: refused`): nothing was written, not a bare
"Interrupted." that leaves the user to wonder what was."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_interrupt import apply
from tests.e2e.test_interrupt_while_reading import reading, requests_seen
from tests.served import seed_with_gateway_ports, served


@pytest.mark.usefixtures("default_sigterm_handler")
def test_an_apply_stopped_while_it_reads_says_nothing_was_written(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    with served(seed_with_gateway_ports(tmp_path)) as url:
        httpx.post(f"{url}/_sim/faults", json={"latency_ms": 2000}).raise_for_status()
        process = apply(url, root)
        reading(url)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=60)
        writes = [
            route for route in requests_seen(url) if not route.startswith("GET ") and "/_sim" not in route
        ]
    assert process.returncode == 143, (stdout, stderr)
    assert writes == []
    assert "Interrupted before the first write: nothing was written." in stderr, stderr
    assert "Traceback" not in stderr
