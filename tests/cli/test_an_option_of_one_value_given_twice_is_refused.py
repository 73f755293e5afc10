"""An option of one value given twice is refused, naming it and both values: click keeps the last
silently, so `--vars common.yaml --vars prod.yaml` dropped the first file, `--shard 1/3 --shard 2/3`
applied shard 2 alone and `--project` twice wrote in the second project, each with exit 0."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import click
import httpx
import pytest

from iotplan.cli.main import COMMANDS, subcommand
from tests.e2e.conftest import QUICKSTART, Workspace


def commands() -> Iterator[tuple[list[str], click.Command]]:
    for name in COMMANDS:
        command = subcommand(name)
        if isinstance(command, click.Group):
            yield from (([name, sub], each) for sub, each in command.commands.items())
        else:
            yield [name], command


ONE_VALUE = [
    pytest.param(path, option.opts[0], id=f"{' '.join(path)} {option.opts[0]}")
    for path, command in commands()
    for option in command.params
    if isinstance(option, click.Option) and not option.is_flag and not option.multiple
]


@pytest.mark.parametrize(("path", "option"), ONE_VALUE)
def test_every_option_of_one_value_given_twice_is_refused(
    workspace: Workspace, path: list[str], option: str
) -> None:
    result = workspace.run(*path, option, "first", option, "second")
    assert result.exit_code == 1, result.output
    assert f"{option} given twice ('first', 'second'): give it once" in result.stderr


def test_a_second_shard_is_refused_before_anything_is_written(workspace: Workspace) -> None:
    result = workspace.run("apply", QUICKSTART, "--shard", "1/3", "--shard", "2/3", "--auto-approve")
    assert result.exit_code == 1, result.output
    assert "--shard given twice ('1/3', '2/3')" in result.stderr
    assert not (workspace.path / ".iotplan").exists()  # the embedded platform was never even opened


def test_a_password_in_a_repeated_url_is_never_shown(workspace: Workspace) -> None:
    password = "pw-7f3e9"
    result = workspace.run(
        "plan",
        QUICKSTART,
        "--endpoint",
        f"http://user:{password}@127.0.0.1:9",
        "--endpoint",
        "http://127.0.0.1:9",
    )
    assert result.exit_code == 1, result.output
    assert "--endpoint given twice ('http://(sensitive)@127.0.0.1:9', 'http://127.0.0.1:9')" in result.stderr
    assert password not in result.output


def test_the_same_value_twice_loses_nothing_and_passes(workspace: Workspace) -> None:
    """A command a hint printed, run with one of its flags added again: nothing is dropped."""
    result = workspace.run("plan", QUICKSTART, "--sim-db", "x.db", "--sim-db", "x.db")
    assert result.exit_code == 0, result.output


def answered_401(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each request the run sends, answered 401 before it leaves: a refusal ends the run at once,
    where a lost answer would be retried, and nothing reaches a network."""
    sent: list[str] = []

    async def refused(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        sent.append(f"{request.url.scheme}://{request.url.netloc.decode()}")
        return httpx.Response(401, request=request)

    monkeypatch.setattr(httpx.AsyncClient, "send", refused)
    return sent


@pytest.mark.parametrize(
    ("option", "first", "second", "target"),
    [
        ("--endpoint", "http://127.0.0.1:9/", "http://127.0.0.1:9", "http://127.0.0.1:9 (API key; "),
        ("--endpoint", "HTTP://LocalHost:9", "http://localhost:9/", "http://localhost:9 (API key; "),
        (
            "--rpc-endpoint",
            "ws://127.0.0.1:9/",
            "ws://127.0.0.1:9",
            "http://127.0.0.1:9 (API key; JSON-RPC ws://127.0.0.1:9)",
        ),
    ],
)
def test_one_url_written_two_ways_names_one_platform_and_passes(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, option: str, first: str, second: str, target: str
) -> None:
    """`--endpoint http://h:1/ --endpoint http://h:1` was refused as two different values. A key lets
    the run reach its target (and a JSON-RPC URL alone is refused unless --endpoint names the platform)."""
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")
    sent = answered_401(monkeypatch)
    platform = [] if option == "--endpoint" else ["--endpoint", "http://127.0.0.1:9"]
    result = workspace.run("plan", QUICKSTART, *platform, option, first, option, second)
    assert result.exit_code == 1, result.output
    assert "answered 401" in result.stderr, result.stderr  # past its options, to the platform
    assert result.stderr.startswith(f"Target: {target}"), result.stderr
    assert result.stderr.count("Target: ") == 1, result.stderr
    assert sent and set(sent) == {target.split()[0]}, sent


def test_one_url_with_and_without_a_password_is_still_two_values(workspace: Workspace) -> None:
    result = workspace.run(
        "plan", QUICKSTART, "--endpoint", "http://user:pw@127.0.0.1:9/", "--endpoint", "http://127.0.0.1:9"
    )
    assert result.exit_code == 1, result.output
    assert "--endpoint given twice" in result.stderr
