"""An empty value (an unset shell variable) is refused, naming what is empty, never read as "not
given": `--gateway-url ""` or `IOTPLAN_GATEWAY_URL=` ran against whatever THREAD answered at the
default http://localhost, `--vars ""` rendered with the template's defaults, `--sites ""` said
`sites` was undefined though --sites was passed, and `plan ""` read the current folder."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import QUICKSTART, Workspace

EDGE = "examples/edge/site.yaml"


@pytest.mark.parametrize("command", [["plan"], ["apply", "--auto-approve"]])
def test_an_empty_gateway_url_is_refused_before_any_request(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    sent = requests_sent(monkeypatch)
    result = workspace.run(*command, EDGE, "--on-device", "--gateway-url", "")
    assert result.exit_code == 1, result.output
    assert "--gateway-url is empty" in result.stderr
    assert sent == []


def test_an_empty_gateway_url_variable_is_refused_before_any_request(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_GATEWAY_URL", "")
    sent = requests_sent(monkeypatch)
    result = workspace.run("apply", EDGE, "--on-device", "--auto-approve")
    assert result.exit_code == 1, result.output
    assert "IOTPLAN_GATEWAY_URL is set but empty" in result.stderr
    assert sent == []


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["plan", QUICKSTART, "--vars", ""], "'--vars'"),
        (["render", "examples/multi-site/site.yaml.j2", "--vars", "", "--var", "name=X"], "'--vars'"),
        (["plan", QUICKSTART, "--sites", " "], "'--sites'"),
        (["apply", "", "--auto-approve"], "'MANIFEST|PLAN.json'"),
        (["plan", ""], "'MANIFEST'"),
        (["validate", ""], "'MANIFEST...'"),
        (["show", ""], "'PLAN.json|DRIFT.json'"),
        (["merge", ""], "'PLAN.json...|DRIFT.json...'"),
    ],
)
def test_an_empty_file_name_is_refused_naming_its_option(
    workspace: Workspace, args: list[str], named: str
) -> None:
    result = workspace.run(*args)
    assert result.exit_code == 1, result.output
    assert f"Invalid value for {named}: it is empty" in result.stderr
    assert not (workspace.path / ".iotplan").exists()


@pytest.mark.parametrize(("given", "said"), [("", "(an unset shell variable?)"), ("json=", "after '='")])
def test_an_empty_out_is_refused_saying_what_is_empty(workspace: Workspace, given: str, said: str) -> None:
    result = workspace.run("plan", QUICKSTART, "--out", given)
    assert result.exit_code == 1, result.output
    assert f"{given!r}: it is empty: give the file {said}" in result.stderr
