"""On a test bench (`--on-device --sim-db`), as on the embedded platform `--sim-db` names, an
IOTPLAN_* variable iotplan does not read (IOTPLAN_THREAD_HOSTNAME) is not refused: its seeded THREADs
stand in whatever the variables say. The target line says it was ignored, beside the THREAD the run
went to."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace

EDGE = "examples/edge/site.yaml"


def test_an_unknown_variable_is_said_ignored_on_the_on_device_target_line(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_THREAD_HOSTNAME", "thread-7")
    result = workspace.run(
        "plan", EDGE, "--on-device", "--sim-db", "bench.db", "--gateway-url", "http://127.0.0.1:8401"
    )
    assert result.exit_code == 0, result.output
    assert (
        "Target: the THREAD at http://127.0.0.1:8401 (on-device, simulated by the embedded platform in "
        "bench.db; IOTPLAN_THREAD_HOSTNAME ignored: iotplan reads no such variable)\n"
    ) in result.stderr
