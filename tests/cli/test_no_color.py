"""NO_COLOR as no-color.org defines it: colour is off only when the variable is present and not empty;
FORCE_COLOR (force-color.org) turns it on off a terminal, TERM=dumb off on one."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from iotplan.cli.color import color_from_environment, no_color_in_environment
from iotplan.cli.main import cli
from iotplan.cli.output import use_color
from iotplan.cli.progress import Reading, reading
from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

RED = "\x1b[31m"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Called in the test itself: pytest's capture puts its own stdout back between a fixture and the test."""
    monkeypatch.setattr("sys.stdout", Terminal())


@pytest.mark.parametrize(("value", "asked"), [(None, False), ("", False), ("1", True), ("0", True)])
def test_only_a_value_asks_for_no_colour(
    value: str | None, asked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", value)
    assert no_color_in_environment() is asked


def test_an_empty_no_color_leaves_a_terminal_in_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    on_a_terminal(monkeypatch)
    monkeypatch.setenv("NO_COLOR", "")
    assert use_color(no_color=False)


def test_a_set_no_color_or_the_flag_turns_a_terminal_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    on_a_terminal(monkeypatch)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(no_color=False)
    monkeypatch.delenv("NO_COLOR")
    assert not use_color(no_color=True)


@pytest.mark.parametrize(("value", "red"), [("", True), ("1", False)])
def test_errors_are_red_unless_no_color_has_a_value(value: str, red: bool) -> None:
    result = CliRunner().invoke(cli, ["plan", "missing.yaml"], env={"NO_COLOR": value}, color=True)
    assert result.exit_code == 1
    assert "missing.yaml" in result.stderr
    assert (RED in result.stderr) is red


@pytest.mark.parametrize(("value", "shown"), [("", True), ("1", False)])
def test_progress_is_drawn_unless_no_color_has_a_value(
    value: str, shown: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stderr", Terminal())
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("NO_COLOR", value)
    with reading() as progress:
        assert (progress is not None) is shown


# --- FORCE_COLOR and TERM=dumb, in the order CPython's tracebacks read them ----------------------
@pytest.mark.parametrize(
    ("environment", "decided"),
    [
        ({}, None),
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": ""}, None),  # blank: as if unset, as NO_COLOR
        ({"TERM": "dumb"}, False),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ],
)
def test_the_environment_decides_colour_in_one_order(
    environment: dict[str, str], decided: bool | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert color_from_environment() is decided


def test_force_color_colours_a_view_that_is_not_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_color(no_color=False) and not use_color(no_color=True)


def test_a_dumb_terminal_gets_no_colour_and_no_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    on_a_terminal(monkeypatch)
    monkeypatch.setattr("sys.stderr", Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "dumb")
    assert not use_color(no_color=False)
    with reading() as progress:
        assert progress is None


def test_force_color_draws_no_progress_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Progress moves the cursor: in a CI log, where FORCE_COLOR is often set for other tools,
    every frame would stay."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    with reading() as progress:
        assert not isinstance(progress, Reading)  # the drawn one; a plain line every 30 s instead


# --- --no-color on every command, and before the command ----------------------------------------
@pytest.mark.parametrize(
    "arguments",
    [
        ["--no-color", "plan", QUICKSTART],
        ["validate", QUICKSTART, "--no-color"],
        ["render", QUICKSTART, "--no-color"],
        ["schema", "--no-color"],
        ["import", "--project", PROJECT, "--stack", "site", "--no-color"],
    ],
    ids=["iotplan --no-color", "validate", "render", "schema", "import"],
)
def test_every_command_takes_no_color_as_a_wrapper_passes_it(
    workspace: Workspace, arguments: list[str]
) -> None:
    done = workspace.run(*arguments)
    assert done.exit_code == 0, done.output


def test_no_color_before_the_command_holds_for_its_view_and_its_errors(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # which colours both, but for the flag
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" in workspace.run("plan", QUICKSTART).stdout
    assert "\x1b[" not in workspace.run("--no-color", "plan", QUICKSTART).stdout
    failed = CliRunner().invoke(cli, ["--no-color", "plan", "missing.yaml"], color=True)
    assert failed.exit_code == 1 and "missing.yaml" in failed.stderr and RED not in failed.stderr
