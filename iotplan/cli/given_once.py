"""Every option that takes one value is given one value: click keeps the last of two silently, so a
second `--vars` dropped the first file and `--shard 1/3 --shard 2/3` applied shard 2 alone. The
check is made where click parses, for every command (GivenOnceCommand)."""

from __future__ import annotations

from typing import Any

import click

from iotplan.errors import IotplanError


class GivenOnceCommand(click.Command):
    """A command that refuses an option of one value given more than once, naming its values:
    `@click.command(cls=GivenOnceCommand)`; a group takes it as a base before click.Group."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:  # shell completion: nothing is run
            _refuse_repeated_options(self, ctx, args)
        return super().parse_args(ctx, args)


def _refuse_repeated_options(command: click.Command, ctx: click.Context, args: list[str]) -> None:
    """A parse of `args` in which every option of one value keeps all it was given: the parse click
    makes right after raises the same errors, in the same order, for anything else."""
    parser = command.make_parser(ctx)
    for parsed in {*parser._long_opt.values(), *parser._short_opt.values()}:
        if parsed.action == "store":
            parsed.action = "append"
    given, _, _ = parser.parse_args(args=list(args))
    one_value = [p for p in command.get_params(ctx) if isinstance(p, click.Option) and not p.multiple]
    for option in one_value:
        values = given.get(option.name)
        # The same value twice loses nothing (a hint's command with the flag added again): let pass.
        if isinstance(values, list) and len({_meaning(option, value) for value in values}) > 1:
            raise click.UsageError(_given_more_than_once(option, values), ctx)


# Options naming a URL: `http://h:1/` and `http://H:1` name one platform (checked_url says how a URL
# is read), and refusing them as different values sent users looking for a difference there is not.
URL_OPTIONS = frozenset({"endpoint", "rpc_endpoint", "gateway_url"})


def _meaning(option: click.Option, value: Any) -> str:
    """What a value means, for telling two values apart: a URL as it is read, unless it carries a
    user name or password (which checked_url drops: two such values are compared as typed)."""
    from iotplan.clients.endpoint import SCHEMES, WEBSOCKET_SCHEMES, checked_url  # httpx: not for --help

    text = str(value)
    if option.name not in URL_OPTIONS or "@" in text:
        return text
    try:
        return checked_url(text, option.opts[0], (*SCHEMES, *WEBSOCKET_SCHEMES))
    except IotplanError:  # refused where it is read, with the reason: here only told apart
        return text


def _given_more_than_once(option: click.Option, values: list[Any]) -> str:
    times = "twice" if len(values) == 2 else f"{len(values)} times"
    shown = ", ".join(repr(_shown(value)) for value in values)
    return f"{option.opts[0]} given {times} ({shown}): give it once"


def _shown(value: Any) -> str:
    """A value as it may be shown: a URL's user name and password, and anything like a secret, masked."""
    from iotplan.clients.endpoint import without_userinfo  # httpx: not for --help
    from iotplan.clients.errors import redact
    from iotplan.secrets import MASKED

    return redact(without_userinfo(str(value), shown_as=f"{MASKED}@"))
