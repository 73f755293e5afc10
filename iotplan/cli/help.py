"""--help as a user reads it: every command's first sentence whole in a group's list."""

from __future__ import annotations

import click

from iotplan.cli.given_once import GivenOnceCommand

WHOLE_SENTENCE = 1_000  # characters: more than any command's first sentence


class WholeHelpGroup(GivenOnceCommand, click.Group):
    command_class = GivenOnceCommand  # `@group.command()`: `sim serve`

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command's first sentence whole, wrapped, never cut off with `...` (click's default
        cuts it to the terminal's width)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=WHOLE_SENTENCE)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
