"""A live prop holding a lone surrogate (`"\\ud800"` in the platform's JSON) no longer crashes `drift
--format json`; no format of drift does."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.lone_surrogate import with_a_lone_surrogate


@pytest.fixture
def odd(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    return with_a_lone_surrogate(workspace, monkeypatch)


@pytest.mark.parametrize("output", ["text", "json", "markdown", "junit", "html"])
def test_drift_with_a_live_lone_surrogate(odd: Workspace, output: str) -> None:
    drift = odd.run("drift", QUICKSTART, "--format", output)
    assert drift.exit_code in (0, 2), drift.output
