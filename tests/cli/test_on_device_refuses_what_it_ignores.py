"""--on-device refuses the options that shape a platform run and do nothing on a THREAD, as it
refuses --shard: taken silently, `--prune-unmanaged` or `--canary 5` read as if they did something."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import Workspace

EDGE = "examples/edge/site.yaml"
GATEWAY = ["--on-device", "--gateway-url", "http://127.0.0.1:9"]


@pytest.mark.parametrize(
    ("command", "option"),
    [
        ("plan", ["--prune-unmanaged"]),
        ("plan", ["--rate-limit", "5/s"]),
        ("apply", ["--prune-unmanaged"]),
        ("apply", ["--rate-limit", "5/s"]),
        ("apply", ["--canary", "5"]),
        ("apply", ["--batch-size", "2"]),
        ("apply", ["--max-failures", "1"]),
        ("apply", ["--entities-per-call", "500"]),  # its default, given: still said for nothing
    ],
)
def test_an_option_a_thread_ignores_is_refused_before_any_request(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, command: str, option: list[str]
) -> None:
    sent = requests_sent(monkeypatch)
    approve = ["--auto-approve"] if command == "apply" else []
    result = workspace.run(command, EDGE, *GATEWAY, *option, *approve)
    assert result.exit_code == 1, result.output
    assert f"{option[0]} does nothing with --on-device" in result.stderr
    assert sent == []
