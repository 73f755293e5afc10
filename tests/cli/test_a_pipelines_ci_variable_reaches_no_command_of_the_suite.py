"""The suite run in a pipeline (`CI=true`, as GitHub Actions and GitLab set it) failed 80 CLI tests:
their commands, given no target, were refused the embedded platform, as a pipeline's run is. Like the
shell's IOTPLAN_* variables, CI is gone before any fixture runs; a test that means it sets it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PROBE = """
import os

import pytest


@pytest.fixture(scope="module")
def seen() -> list[str]:
    return sorted(os.environ)


def test_a_module_fixture_sees_no_ci_variable(seen: list[str]) -> None:
    assert "CI" not in seen
"""


def test_a_pipelines_ci_variable_reaches_no_command_of_the_suite(tmp_path: Path) -> None:
    (tmp_path / "test_probe.py").write_text(PROBE)
    shell = {**os.environ, "CI": "true", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest"]
    done = subprocess.run(
        [*command, "test_probe.py"], cwd=tmp_path, env=shell, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-3000:]
