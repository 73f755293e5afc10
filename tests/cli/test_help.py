"""--help as a user reads it: whole command descriptions, examples everywhere, and apply saying that
a saved plan applies without a prompt."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from iotplan.cli.main import COMMANDS, cli, subcommand


def every_command(group: click.Group = cli, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from every_command(command, (*path, name))
        else:
            yield (*path, name)


def help_of(*path: str) -> str:
    done = CliRunner().invoke(cli, [*path, "--help"], terminal_width=80)
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.mark.parametrize("path", list(every_command()), ids=lambda path: " ".join(path) or "iotplan")
def test_every_help_ends_in_examples_of_iotplan_commands(path: tuple[str, ...]) -> None:
    text = help_of(*path)
    examples = text.split("Examples:\n", 1)[1]
    assert all(
        "iotplan " in line for line in examples.strip().splitlines() if not line.strip().startswith("|")
    )


@pytest.mark.parametrize("group", [(), ("sim",)], ids=["iotplan", "sim"])
def test_a_group_lists_each_command_with_its_whole_first_sentence(group: tuple[str, ...]) -> None:
    listed = help_of(*group).split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    command_group = cli if not group else subcommand(group[0])
    assert isinstance(command_group, click.Group)
    context = click.Context(command_group)
    names = command_group.list_commands(context)
    assert len(names) >= (11 if not group else 1)
    for name in names:
        command = command_group.get_command(context, name)
        assert command is not None, name
        first_sentence = command.get_short_help_str(limit=10_000)
        assert " ".join(first_sentence.split()) in " ".join(listed.split()), name
    assert "..." not in listed


def test_apply_help_says_a_saved_plan_applies_without_a_prompt() -> None:
    text = " ".join(help_of("apply").split())
    assert "Given a saved plan (PLAN.json), applies it WITHOUT A PROMPT" in text
    assert "iotplan apply plan.json # no prompt: it was reviewed" in text


# Commands that exit 2 when there is something to apply or drift to report, with no opt-in flag, or
# with --detailed-exitcode: after one of them, `&&` runs the next command only when there is none.
EXITS_2_ON_CHANGES = re.compile(r"^iotplan (merge|drift)\b|--detailed-exitcode")


def commands_before_and(line: str) -> list[str]:
    """Each shell command an `&&` follows in `line`, stripped of the example's comment."""
    parts = re.split(r"(&&|\|\||;)", line.split("   #", 1)[0])
    return [parts[index - 1].strip() for index, part in enumerate(parts) if part == "&&"]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_example_chains_a_command_with_and_after_one_that_exits_2_on_changes(command: str) -> None:
    """`iotplan merge ... && iotplan apply plan.json` applied only when the merged plan was empty."""
    examples = help_of(command).split("Examples:\n", 1)[1]
    for line in examples.splitlines():
        assert not any(EXITS_2_ON_CHANGES.search(before) for before in commands_before_and(line)), line


@pytest.mark.parametrize(
    ("typed", "unknown", "meant"),
    [(["aply", "x.yaml"], "aply", "apply"), (["plam"], "plam", "plan"), (["sim", "serv"], "serv", "serve")],
    ids=["apply", "plan", "sim serve"],
)
def test_a_misspelt_command_gets_the_one_meant_at_every_level(
    typed: list[str], unknown: str, meant: str
) -> None:
    """The top level loads its commands lazily: click had no names to suggest from there."""
    done = CliRunner().invoke(cli, typed)
    assert done.exit_code == 1
    assert f"No such command '{unknown}'. Did you mean '{meant}'?" in done.stderr


def test_a_name_close_to_none_gets_no_guess() -> None:
    done = CliRunner().invoke(cli, ["frobnicate"])
    assert done.exit_code == 1 and "No such command 'frobnicate'." in done.stderr
    assert "Did you mean" not in done.stderr
