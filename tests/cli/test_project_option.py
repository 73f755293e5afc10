"""--project is pasted into URL paths and query strings: an id with a character no platform id has
is refused, naming the option, before any request. Before, `--project "<id>?x=1"` passed the
project guard's read and check-platform sent a write; `--project ../nodes/all` read the node list."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.conftest import PROJECT, Workspace

COMMANDS = {
    "check-platform": ["check-platform"],
    "import": ["import", "--stack", "site"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    "project", [f"{PROJECT}?x=1", f"{PROJECT}#x", "../nodes/all", "..", f"{PROJECT} x", f"{PROJECT}/x"]
)
def test_a_project_id_no_platform_id_has_is_refused_before_any_request(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, command: str, project: str
) -> None:
    sent: list[str] = []
    send = httpx.AsyncClient.send

    async def recorded(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        sent.append(str(request.url))
        return await send(self, request, **kwargs)

    monkeypatch.setattr(httpx.AsyncClient, "send", recorded)
    result = workspace.run(*COMMANDS[command], "--project", project)
    assert result.exit_code == 1, result.output
    assert "Invalid value for '--project'" in result.stderr and "is not a project id" in result.stderr
    assert sent == []
