"""NO_COLOR as no-color.org defines it: colour is off only when the variable is present and not empty."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from iotplan.cli.color import no_color_in_environment
from iotplan.cli.main import cli
from iotplan.cli.output import use_color
from iotplan.cli.progress import reading

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
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich takes stderr for a terminal
    monkeypatch.setenv("NO_COLOR", value)
    with reading() as progress:
        assert (progress is not None) is shown
