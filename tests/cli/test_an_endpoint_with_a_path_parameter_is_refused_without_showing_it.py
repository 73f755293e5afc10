"""A platform URL holding a path parameter (`;jsessionid=...`, `;token=...`) is refused before any
request, in one line that shows `;...` in its place, as a query is shown `?...`: no command sends a
request, writes a plan or shows the parameter's value (a session id, in a CI log)."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import QUICKSTART, Workspace

SESSION = "abcdefabcdef1234"
COMMANDS = {
    "plan": ["plan", QUICKSTART],
    "plan --out": ["plan", QUICKSTART, "--out", "saved.plan.json"],
    "plan --format json": ["plan", QUICKSTART, "--format", "json"],
    "apply": ["apply", QUICKSTART, "--auto-approve"],
    "drift": ["drift", QUICKSTART],
    "import": ["import", "--project", "1", "--stack", "site"],
    "check-platform": ["check-platform", "--project", "1"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("--endpoint", f"http://127.0.0.1:9/;jsessionid={SESSION}"),
        ("IOTPLAN_ENDPOINT", f"http://bob:pw@127.0.0.1:9/;token={SESSION}"),
    ],
)
def test_an_endpoint_with_a_path_parameter_is_refused_without_showing_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, command: str, source: str, url: str
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")
    given = ["--endpoint", url] if source == "--endpoint" else []
    if source == "IOTPLAN_ENDPOINT":
        monkeypatch.setenv(source, url)
    sent = requests_sent(monkeypatch)
    result = workspace.run(*COMMANDS[command], *given)
    assert result.exit_code == 1, result.output
    assert sent == []
    assert SESSION not in result.output and not list(workspace.path.glob("*.plan.json"))
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {source} 'http://") and "/;...' must not have a path parameter" in line
