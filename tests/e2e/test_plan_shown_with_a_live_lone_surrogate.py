"""A live prop holding a lone surrogate (`"\\ud800"` in the platform's JSON) no longer crashes `plan
--format json` or `markdown`: the plan is shown."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.lone_surrogate import with_a_lone_surrogate


@pytest.fixture
def odd(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    return with_a_lone_surrogate(workspace, monkeypatch)


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_plan_shown_with_a_live_lone_surrogate(odd: Workspace, output: str) -> None:
    planned = odd.run("plan", QUICKSTART, "--format", output)
    assert planned.exit_code in (0, 2), planned.output
    assert "Logger" in planned.stdout, planned.stdout[-600:]
