"""`IOTPLAN_BOGUS=1 pytest tests/e2e/test_fleet_review.py` errored: tests/conftest.py dropped the
shell's IOTPLAN_* variables for each test, after the module's fixture had run its iotplan commands
with them. They are gone before any fixture, whatever its scope, the suite's own switches
(IOTPLAN_UPDATE_GOLDEN=1) too, once tests/conftest.py has read them."""

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


def test_a_module_fixture_sees_no_stray_iotplan_variable(seen: list[str]) -> None:
    assert "IOTPLAN_ENDPONT" not in seen
"""


def test_a_shell_iotplan_variable_reaches_no_module_fixture(tmp_path: Path) -> None:
    (tmp_path / "test_probe.py").write_text(PROBE)
    shell = {**os.environ, "IOTPLAN_ENDPONT": "https://staging.example.invalid", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest"]
    done = subprocess.run(
        [*command, "test_probe.py"], cwd=tmp_path, env=shell, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-3000:]
