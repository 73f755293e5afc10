"""`apply --format json` stopped by Ctrl-C or SIGTERM while it still reads, before its first write,
prints one document all the same (status `refused`, stopped `interrupted`), then exits 130 (143)."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_interrupt import apply
from tests.served import seed_with_gateway_ports, served


def requests_seen(url: str) -> dict[str, int]:
    return dict(httpx.get(f"{url}/_sim/requests").json()["requests"])


def reading(url: str) -> None:
    """Until the apply has sent its first read (each answered 2 s late, so it is still reading)."""
    deadline = time.monotonic() + 60
    while not any(route.startswith("GET /api/") for route in requests_seen(url)):
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.mark.usefixtures("python_sigint_handler", "default_sigterm_handler")
@pytest.mark.parametrize(
    ("stop", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"]
)
def test_an_apply_stopped_while_it_reads_prints_one_json_document(
    tmp_path: Path, stop: signal.Signals, code: int
) -> None:
    root = Path(__file__).resolve().parents[2]
    with served(seed_with_gateway_ports(tmp_path)) as url:
        httpx.post(f"{url}/_sim/faults", json={"latency_ms": 2000}).raise_for_status()
        process = apply(url, root, json_report=True)
        reading(url)
        process.send_signal(stop)
        stdout, stderr = process.communicate(timeout=60)
        writes = [
            route for route in requests_seen(url) if not route.startswith("GET ") and "/_sim" not in route
        ]
    assert process.returncode == code, (stdout, stderr)
    report = json.loads(stdout)  # one document, nothing else on stdout
    assert report["status"] == "refused" and report["stopped"] == "interrupted", report
    assert report["outcomes"] == [] and report["not_verified"] is None
    assert "Interrupted before the first write: nothing was written." in stderr
    assert "Traceback" not in stderr
    assert writes == []  # stopped before its first write, as the document says
