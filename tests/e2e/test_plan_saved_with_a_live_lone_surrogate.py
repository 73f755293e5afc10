"""A live prop holding a lone surrogate (`"\\ud800"` in the platform's JSON) no longer crashes `plan --out`
in any format: `Error: unexpected UnicodeEncodeError` as the saved plan was written."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.lone_surrogate import with_a_lone_surrogate


@pytest.fixture
def odd(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    return with_a_lone_surrogate(workspace, monkeypatch)


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_plan_saved_with_a_live_lone_surrogate(odd: Workspace, output: str) -> None:
    planned = odd.run("plan", QUICKSTART, "--format", output, "--out", "plan.json")
    assert planned.exit_code in (0, 2), planned.output
