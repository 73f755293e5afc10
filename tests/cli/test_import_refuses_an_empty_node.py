"""`import --node ""` (an unset shell variable) is refused at the option, before any request: it was
read as a connection id, and refused after the project was read as "no such connection in project
...: " naming nothing."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import PROJECT, Workspace


@pytest.mark.parametrize("node", ["", " "])
def test_an_empty_node_is_refused_naming_the_option(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, node: str
) -> None:
    sent = requests_sent(monkeypatch)
    result = workspace.run("import", "--project", PROJECT, "--stack", "site", "--node", node)
    assert result.exit_code == 1, result.output
    assert "Invalid value for '--node': it is empty: give the connection's id" in result.stderr
    assert sent == []
