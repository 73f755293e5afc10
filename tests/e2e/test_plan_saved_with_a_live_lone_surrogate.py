"""A live prop holding a lone surrogate (`"\\ud800"` in the platform's JSON) no longer crashes `plan --out`
in any format: `Error: unexpected UnicodeEncodeError` as the saved plan was written."""

from __future__ import annotations

import types

import pytest

from iotplan import exact_json
from iotplan.clients import platform
from tests.e2e.conftest import QUICKSTART, Workspace

MARK = b"SURROGATE-HERE"


@pytest.fixture
def odd(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """Live props holding a lone surrogate, as the platform's JSON `"\\ud800"` reads (json.loads keeps
    it): the embedded platform refuses to store one, so the client's reads are rewritten on the way in."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    device = {
        "changeState": "update",
        "refId": "quickstart:dam-a/logger-1",
        "props": {"NOTES": "odd SURROGATE-HERE text", "NAME": "Logger SURROGATE-HERE odd"},
        "sensors": [],
    }
    workspace.integrate_under("quickstart:dam-a", [device])
    loads = exact_json.loads
    fake = types.SimpleNamespace(**vars(exact_json))
    fake.loads = lambda raw: loads(bytes(raw).replace(MARK, b"\\ud800"))
    monkeypatch.setattr(platform, "exact_json", fake)  # the client's reads only, not the emulator's
    return workspace


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_plan_saved_with_a_live_lone_surrogate(odd: Workspace, output: str) -> None:
    planned = odd.run("plan", QUICKSTART, "--format", output, "--out", "plan.json")
    assert planned.exit_code in (0, 2), planned.output
