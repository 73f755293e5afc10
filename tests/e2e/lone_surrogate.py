"""A quickstart whose logger's live props hold a lone surrogate, as the platform's JSON `"\\ud800"` reads
(json.loads keeps it), for the tests that every view of it is written."""

from __future__ import annotations

import types

import pytest

from iotplan import exact_json
from iotplan.clients import platform
from tests.e2e.conftest import QUICKSTART, Workspace

MARK = b"SURROGATE-HERE"


def with_a_lone_surrogate(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The embedded platform refuses to store a lone surrogate, so the client's reads (not the
    emulator's) are rewritten on the way in."""
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
    monkeypatch.setattr(platform, "exact_json", fake)
    return workspace
