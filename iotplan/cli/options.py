"""Options shared by several commands, as decorators (sqlite-utils' habit).

Each decorator adds its click options and hands the command one typed object built from them
(`manifest_input`, `target`, `selection`), so no command reads its options by name from kwargs.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import click

from iotplan.cli.debug_log import set_debug_log
from iotplan.commands import ManifestInput
from iotplan.errors import IotplanError
from iotplan.manifest.text import PROJECT_ID
from iotplan.plan.coverage import Shard
from iotplan.plan.impact import ENTITIES_PER_CALL, Pace, pace_of
from iotplan.plan.model import PlanOptions
from iotplan.secrets import is_empty, template_flags
from iotplan.wording import quoted

# The clients (httpx) are imported where an option that reaches a platform or a THREAD is read:
# `validate`, `render` and `schema` need not load them (tests/cli/test_deferred_imports.py).
if TYPE_CHECKING:
    from iotplan.apply.rollout import FailureBudget
    from iotplan.clients.local_gateway import LocalGatewayOptions
    from iotplan.clients.target import TargetOptions

F = Callable[..., Any]


def template_inputs(command: F) -> F:
    """--vars and --sites: render a Jinja2 manifest template for many sites. The command gets
    `template: TemplateFiles`."""
    command = template_variable_option(command)  # --var too, set on the template made here

    @functools.wraps(command)
    def wrapper(*args: Any, vars_file: str | None, sites_file: str | None, **kwargs: Any) -> Any:
        return command(*args, template=TemplateFiles(vars_file, sites_file), **kwargs)

    wrapper = click.option(
        "--sites",
        "sites_file",
        type=NotEmpty(click.Path(dir_okay=False)),
        help="CSV or YAML rows, one per site; the template loops over `sites` (one that never names "
        "`sites` is refused).",
    )(wrapper)
    return click.option(
        "--vars",
        "vars_file",
        type=NotEmpty(click.Path(dir_okay=False)),
        help="YAML file of template variables.",
    )(wrapper)


class NotEmpty(click.ParamType):
    """`inner`, refusing an empty value (an unset shell variable) that click would read as "not
    given", or as the current folder: a file option or argument names a file (or `wanted`)."""

    def __init__(self, inner: click.ParamType | None = None, wanted: str = "the file") -> None:
        self.inner = inner or click.STRING
        self.name = self.inner.name
        self.wanted = wanted

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and is_empty(value):
            self.fail(f"it is empty: give {self.wanted} (an unset shell variable?)", param, ctx)
        return self.inner.convert(value, param, ctx)

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[click.shell_completion.CompletionItem]:
        return self.inner.shell_complete(ctx, param, incomplete)  # a file option completes files


@dataclass(frozen=True)
class TemplateFiles:
    """The --vars and --sites files a manifest template is rendered with."""

    vars_file: str | None
    sites_file: str | None
    variables: tuple[tuple[str, str], ...] = ()

    def input(self, path: str) -> ManifestInput:
        return ManifestInput(path, self.vars_file, self.sites_file, self.variables)

    def flags(self) -> list[str]:
        """The template inputs as given, for a command a message offers to render the same sites
        (drift's `plan`): without them a template is refused ('sites' is undefined) or renders others.
        A --var whose name or value reads as a credential is shown "(sensitive)", never written out,
        and a file named by a URL holding a credential is named masked."""
        return template_flags(self.vars_file, self.sites_file, self.variables)


def template_variable_option(command: F) -> F:
    """--var KEY=VALUE (repeatable, later wins), laid over --vars: the command's `template`
    (from template_inputs, which runs first) gets the variables."""

    @functools.wraps(command)
    def wrapper(
        *args: Any, template: TemplateFiles, variables: tuple[tuple[str, str], ...], **kwargs: Any
    ) -> Any:
        return command(*args, template=dataclasses.replace(template, variables=variables), **kwargs)

    return click.option(
        "--var",
        "variables",
        multiple=True,
        type=VariableType(),
        help="A template variable, over --vars: text, as a CSV cell is. Repeatable; the last one wins.",
    )(wrapper)


class VariableType(click.ParamType):
    name = "KEY=VALUE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        key, equals, text = str(value).partition("=")
        if not equals:
            self.fail(f"{quoted(value)}: expected KEY=VALUE, e.g. --var region=north", param, ctx)
        # The name alone is quoted: the value may be anyone's secret (`--var api-key=...`).
        if not key.isidentifier():
            self.fail(f"{quoted(key)} is not a variable name (letters, digits, _)", param, ctx)
        if key == "sites":
            self.fail("`sites` holds the rows of --sites; name the variable otherwise", param, ctx)
        return key, text


def target_options(command: F) -> F:
    """Where to send requests and how hard to push: the command gets `target: TargetOptions`."""

    @functools.wraps(command)
    def wrapper(
        *args: Any,
        endpoint: str | None,
        rpc_endpoint: str | None,
        insecure: bool,
        parallelism: int,
        sim_db: str | None,
        **kwargs: Any,
    ) -> Any:
        from iotplan.clients.target import TargetOptions

        options = TargetOptions(
            endpoint=endpoint,
            insecure=insecure,
            sim_db=Path(sim_db) if sim_db is not None else None,
            parallelism=parallelism,
            rpc_endpoint=rpc_endpoint,
        )
        return command(*args, target=options, **kwargs)

    decorators = [
        click.option("--endpoint", help="Platform URL [env IOTPLAN_ENDPOINT]."),
        click.option(
            "--rpc-endpoint",
            help="The platform's JSON-RPC WebSocket, for THREAD devices and sensors [env "
            "IOTPLAN_RPC_ENDPOINT, unless --endpoint names another platform than IOTPLAN_ENDPOINT; "
            "default: the endpoint's host on port 4201, wss://].",
        ),
        click.option(
            "--insecure", is_flag=True, help="Do not verify TLS certificates (never in production)."
        ),
        click.option(
            "--parallelism",
            default=16,
            show_default=True,
            type=AsciiIntRange(1, 256),
            help="Requests in flight at once.",
        ),
        click.option(
            "--sim-db",
            # Refused empty, as an empty --endpoint is: an unset variable must not pick another target.
            type=NotEmpty(click.Path(dir_okay=False)),
            help="The embedded platform's database [default: .iotplan/sim.db, when no endpoint or "
            "credential is set]. Given, it is the target whatever IOTPLAN_* variables say. With --on-device, "
            "its seeded THREADs stand in for the gateway at --gateway-url (a test bench): a URL none of "
            "them answers at is refused, listing theirs.",
        ),
    ]
    for decorator in reversed(decorators):
        wrapper = decorator(wrapper)
    return wrapper


def selection_options(command: F) -> F:
    """--target, --exclude and the flags that shape a plan: the command gets `selection: PlanOptions`."""

    @functools.wraps(command)
    def wrapper(
        *args: Any,
        targets: tuple[str, ...],
        excludes: tuple[str, ...],
        force_write_only: bool,
        prune_unmanaged: bool,
        **kwargs: Any,
    ) -> Any:
        selection = PlanOptions(
            prune_unmanaged=prune_unmanaged,
            targets=tuple(targets),
            excludes=tuple(excludes),
            force_write_only=force_write_only,
        )
        return command(*args, selection=selection, **kwargs)

    decorators = [
        click.option(
            "--target",
            "targets",
            multiple=True,
            metavar="GLOB",
            help="Only these addresses (with their parents and children). Repeatable.",
        ),
        click.option(
            "--exclude",
            "excludes",
            multiple=True,
            metavar="GLOB",
            help="Leave these addresses (and their children) alone. Repeatable.",
        ),
        click.option(
            "--force-write-only",
            is_flag=True,
            help="Write THREAD settings that cannot be read back (port interface mode) even if unchanged.",
        ),
        click.option(
            "--prune-unmanaged",
            is_flag=True,
            help="Also remove the entities under managed connections that no stack owns (another stack's "
            "are left to its own plan), except under a connection another stack or tool has a hand in "
            "(held by id and not the stack's own, or carrying another stack's entities).",
        ),
    ]
    for decorator in reversed(decorators):
        wrapper = decorator(wrapper)
    return wrapper


def on_device_options(command: F) -> F:
    """--on-device and --gateway-url: the command gets `device: OnDevice`."""
    # Here, not at the top: `validate` and the other commands without these options load no client;
    # from clients/edge.py, not local_gateway.py: a plan without --on-device need not load that.
    from iotplan.clients.edge import GATEWAY_URL_VARIABLE, LOCAL_GATEWAY_URL

    @functools.wraps(command)
    def wrapper(*args: Any, on_device: bool, gateway_url: str | None, **kwargs: Any) -> Any:
        return command(*args, device=OnDevice(on_device, gateway_url), **kwargs)

    wrapper = click.option(
        "--gateway-url",
        metavar="URL",
        help=f"With --on-device: the THREAD's local API [env {GATEWAY_URL_VARIABLE}; default "
        f"{LOCAL_GATEWAY_URL}, as the vendor documents it for applications on the THREAD].",
    )(wrapper)
    return click.option(
        "--on-device",
        is_flag=True,
        help="Run on a THREAD gateway: find its own node in MANIFEST by the serial its local API "
        "reports, and plan or apply only that node's edge settings. No platform and no credential.",
    )(wrapper)


@dataclass(frozen=True)
class OnDevice:
    """--on-device as given: `local(target)` is the gateway to open, or None for the platform."""

    enabled: bool
    gateway_url: str | None

    def flags(self) -> list[str]:
        """The options as given, for a command to repeat (a saved plan's apply, the THREAD's own
        plan): never a password the URL carried (`local` refuses such a URL before any request)."""
        if not self.enabled:
            return []
        from iotplan.clients.endpoint import without_userinfo

        url = without_userinfo(self.gateway_url) if self.gateway_url else None
        return ["--on-device", *(["--gateway-url", url] if url else [])]

    def local(self, target: TargetOptions, environ: Mapping[str, str]) -> LocalGatewayOptions | None:
        if not self.enabled:
            if self.gateway_url is not None:
                raise click.UsageError("--gateway-url is for --on-device: give both, or neither")
            return None
        from iotplan.clients.edge import GATEWAY_URL_VARIABLE, LOCAL_GATEWAY_URL
        from iotplan.clients.local_gateway import LocalGatewayOptions
        from iotplan.clients.target import refuse_the_api_path
        from iotplan.clients.variables import unread_variables

        platform_flag = "--endpoint" if target.endpoint is not None else "--rpc-endpoint"
        if target.endpoint is not None or target.rpc_endpoint is not None:
            raise click.UsageError(
                f"--on-device talks to the THREAD it runs on, never to a platform: drop {platform_flag}"
            )
        _refuse_options_a_thread_ignores()
        _refuse_an_empty_gateway_url(self.gateway_url, environ)
        given = self.gateway_url if self.gateway_url is not None else environ.get(GATEWAY_URL_VARIABLE)
        source = "--gateway-url" if self.gateway_url else GATEWAY_URL_VARIABLE
        if given and "@" in given:  # refused without echoing it: what is before the '@' may be a password
            raise IotplanError(
                f"{source} holds a user name or password (before its '@'), which iotplan never sends to a "
                "THREAD: give the THREAD's host name or IP only, with optional scheme and port"
            )
        if given:
            _refuse_what_no_edge_host_takes(given, source)
            refuse_the_api_path(given, source, "THREAD's")
        if target.sim_db is None:  # --sim-db's THREADs stand in whatever the variables say, as its platform
            _refuse_stray_variables(environ, given, source)
        return LocalGatewayOptions(
            given or LOCAL_GATEWAY_URL, target.insecure, target.sim_db, unread_variables(environ)
        )


def _refuse_what_no_edge_host_takes(given: str, source: str) -> None:
    """The gateway URL checked as a node's `edge.host` is, in its words: a zone id, a link-local or
    unbracketed IPv6 address, dotted numbers no resolver reads alike. Its path, if any, is not a host's:
    left to the URL's own check (clients/endpoint.py), as a scheme other than http(s) is."""
    from iotplan.manifest.gateway_host import checked_host  # loads the manifest package: --on-device only

    scheme, written, rest = given.strip().partition("://")
    if not written or scheme.lower() not in ("http", "https"):
        return
    host = re.split(r"[/?#]", rest, maxsplit=1)[0]
    try:
        checked_host(f"{scheme}://{host}")
    except ValueError as refused:
        raise IotplanError(f"{source}: {refused}") from None


def _refuse_stray_variables(environ: Mapping[str, str], given: str | None, source: str) -> None:
    """The variables --on-device does not read that may be the one meant are refused, saying which
    THREAD the run would go to without them: IOTPLAN_GATEWAY_ULR or IOTPLAN_DEVICE_URL=http://thread-7
    read past, it went to whatever THREAD answers at http://localhost."""
    from iotplan.clients.edge import GATEWAY_URL_VARIABLE, LOCAL_GATEWAY_URL
    from iotplan.clients.endpoint import checked_url
    from iotplan.clients.variables import ON_DEVICE_RUN, refuse_stray_variables

    if given:
        gone = f"the run would go to the THREAD at {checked_url(given, source)}"
        refuse_stray_variables(environ, ON_DEVICE_RUN, gone, None)
    else:
        refuse_stray_variables(
            environ,
            ON_DEVICE_RUN,
            f"with no gateway URL given the run would go to the THREAD at {LOCAL_GATEWAY_URL}",
            f"give the THREAD's URL as {GATEWAY_URL_VARIABLE} or --gateway-url ({LOCAL_GATEWAY_URL} itself "
            "if it is meant)",
        )


# What shapes a platform run and does nothing on a THREAD, which writes its own settings in one go:
# taken silently, `--prune-unmanaged` read as if it removed something.
PLATFORM_ONLY = ("prune_unmanaged", "rate_limit", "canary", "batch_size", "max_failures", "entities_per_call")


def _refuse_options_a_thread_ignores() -> None:
    ctx = click.get_current_context()
    given = [
        param.opts[0]
        for param in ctx.command.params
        if param.name in PLATFORM_ONLY
        and ctx.get_parameter_source(param.name) is not click.core.ParameterSource.DEFAULT
    ]
    if given:
        does, them = ("does", "it") if len(given) == 1 else ("do", "them")
        raise click.UsageError(
            f"{', '.join(given)} {does} nothing with --on-device, which writes only this THREAD's "
            f"settings: drop {them}"
        )


def _refuse_an_empty_gateway_url(flag: str | None, environ: Mapping[str, str]) -> None:
    """As an empty --endpoint: read as unset, a missing variable would send the run to whatever
    THREAD answers at the default URL instead of the one meant."""
    from iotplan.clients.edge import GATEWAY_URL_VARIABLE

    if is_empty(flag):
        raise IotplanError(
            "--gateway-url is empty: give the THREAD's URL (an unset shell variable?), or leave it out"
        )
    if flag is None and is_empty(environ.get(GATEWAY_URL_VARIABLE)):
        raise IotplanError(
            f"{GATEWAY_URL_VARIABLE} is set but empty: a missing CI variable? Set it to the THREAD's URL, "
            "or unset it"
        )


def destroy_option(command: F) -> F:
    """--destroy, set on the `selection` of selection_options (placed above it, which runs first)."""

    @functools.wraps(command)
    def wrapper(*args: Any, selection: PlanOptions, destroy: bool, **kwargs: Any) -> Any:
        if destroy:
            if getattr(kwargs.get("device"), "enabled", False):
                raise click.UsageError(
                    "--destroy removes the stack's platform entities; --on-device writes only this THREAD's "
                    "settings: give one"
                )
            selection = dataclasses.replace(selection, destroy=True)
        return command(*args, selection=selection, **kwargs)

    return click.option(
        "--destroy",
        is_flag=True,
        help="Remove everything the manifest's stack owns, with every guard: data needs --allow-destroy, "
        "entities it does not own --prune-unmanaged, --exclude fences, `protect: true` holds.",
    )(wrapper)


def debug_option(command: F) -> F:
    """--debug: each HTTP request on stderr, secrets redacted (IOTPLAN_LOG=debug does the same)."""

    def turn_on(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            set_debug_log(True)

    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        callback=turn_on,
        help="Log each HTTP request on stderr: method, URL, status, time; secrets redacted "
        "[env IOTPLAN_LOG=debug].",
    )(command)


NO_COLOR_HELP = "No colour and no progress, even on a terminal (as NO_COLOR; TERM=dumb too)."


def no_color_option(command: F) -> F:
    """--no-color: the command gets `no_color`. Every command takes it, and `iotplan --no-color`
    too, so that a wrapper can pass it to any, as NO_COLOR reaches every one; iotplan.cli.main
    reads it wherever it is given, for the messages click prints."""
    return click.option("--no-color", is_flag=True, help=NO_COLOR_HELP)(command)


def allow_unread_option(command: F) -> F:
    """--allow-unread-gateways: the command gets `allow_unread_gateways` (drift, and merge of its
    reports, whose exit it sets: cli/drift_command.py `drift_exit`)."""
    return click.option(
        "--allow-unread-gateways", is_flag=True,
        help="Exit 0, not 1, when no drift was found but a THREAD gateway could not be read (asleep, "
        "unreachable, rate limited): for fleets whose gateways sleep by design. The report still names "
        "each gateway and setting not read; drift found elsewhere still exits 2.",
    )(command)  # fmt: skip


# What `show` and `merge` say to --detail given with drift reports.
NO_DETAIL = "--detail lists a plan's identical updates one by one: a drift report folds none"


def detail_option(command: F) -> F:
    """--detail: the command gets `detail`. Every command that shows a plan takes it: its folded
    lines (`a, b, c and 8 more`) say `--detail` lists them."""
    return click.option(
        "--detail", is_flag=True, help="List identical updates one by one (collapsed otherwise)."
    )(command)


def no_color_accepted(command: F) -> F:
    """--no-color for a command that draws no colour of its own (validate, render, schema)."""
    return click.option("--no-color", is_flag=True, expose_value=False, help=NO_COLOR_HELP)(command)


def project_option(help_text: str) -> Callable[[F], F]:
    """--project, required: the command gets `project_id`."""
    return click.option("--project", "project_id", required=True, type=ProjectIdType(), help=help_text)


class ProjectIdType(click.ParamType):
    """A project id, refused before any request when it holds a character no platform id has: it
    is pasted into URL paths and query strings, where `?`, `#`, `/` or `..` would send the request
    elsewhere (`../nodes/all` reads as a project that exists)."""

    name = "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if not PROJECT_ID.fullmatch(str(value)):
            said = "an iTwin project id is a UUID: letters, digits and '-' only"
            self.fail(f"{quoted(value)} is not a project id ({said}); nothing was sent", param, ctx)
        return str(value)


def examples(*lines: str) -> str:
    """A --help epilog that click prints as written."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


# Numbers as a CI variable or a shell writes them: ASCII digits. Python's int(), float() and `\d`
# also read other scripts' digits (`١/٢` as 1/2), `1_000` and `1e3`: certainly a mistake there.
DIGITS = re.compile(r"\s*-?[0-9]+\s*", re.ASCII)
DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", re.ASCII)


class AsciiIntRange(click.IntRange):
    """click's IntRange, of ASCII digits only (`--parallelism ١٦` and `1_6` are refused)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not DIGITS.fullmatch(value):
            self.fail(f"{quoted(value)} is not a valid integer.", param, ctx)
        return super().convert(value, param, ctx)


class FailureBudgetType(click.ParamType):
    name = "N|P%"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> FailureBudget:
        from iotplan.apply.rollout import FailureBudget  # apply's --max-failures: a plan need not load it

        if isinstance(value, FailureBudget):
            return value
        try:
            return FailureBudget.parse(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


# --- --shard and --rate-limit: one CI job's part of a fleet, and its share of the rate ------------
@dataclass(frozen=True)
class Scale:
    """--shard i/n, --rate-limit and apply's --entities-per-call, as the command gets them (`scale`)."""

    shard: Shard | None = None
    rate_limit: float | None = None  # requests a second for the whole run, all shards together
    entities_per_call: int = ENTITIES_PER_CALL  # the most one integrate call carries

    def paced(self, target: TargetOptions) -> TargetOptions:
        """The target's options with this run's share of the rate: a shard's is 1/n of it, of
        --rate-limit and of the bound a 429's tier sets (the n shards are taken to run at once), its
        turns on slots beside the other shards' (clients/throttle.py)."""
        shards, shard = (self.shard.count, self.shard.index) if self.shard else (1, 1)
        share = None if self.rate_limit is None else self.rate_limit / shards
        return dataclasses.replace(target, rate_limit=share, shards=shards, shard=shard)

    def pace(self, target: TargetOptions) -> Pace:
        """The pace the Impact line estimates at: as this run's apply would keep it, in calls as
        large as it would send."""
        paced = self.paced(target)
        pace = pace_of(paced.rate_limit, paced.shards)
        return dataclasses.replace(pace, entities_per_call=self.entities_per_call)

    def refuse_on_device(self) -> None:
        if self.shard is not None:
            raise click.UsageError(
                "--shard splits a fleet's connections, --on-device plans one THREAD: give one"
            )


class ShardType(click.ParamType):
    name = "i/n"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Shard:
        if isinstance(value, Shard):
            return value
        try:
            return Shard.parse(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


class RateType(click.ParamType):
    """`500/min`, `5/s`, `5000/hour` → requests a second."""

    name = "N/UNIT"
    SECONDS: ClassVar[dict[str, float]] = {
        "s": 1.0, "sec": 1.0, "second": 1.0, "min": 60.0, "minute": 60.0, "h": 3600.0, "hour": 3600.0,
    }  # fmt: skip

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        count, slash, unit = str(value).strip().partition("/")
        seconds = self.SECONDS.get(unit.strip().lower())
        # ASCII decimals only: float() also reads `1e3`, `1_000`, `inf` and other scripts' digits
        requests = float(count) if DECIMAL.fullmatch(count.strip()) else 0.0
        if not slash or seconds is None or not 0 < requests < math.inf:
            self.fail(
                f"{quoted(value)}: write the rate as requests per unit, like 500/min, 5/s or 5000/hour",
                param,
                ctx,
            )
        return requests / seconds


def _rate_limit_flag(sharded: bool) -> Callable[[F], F]:
    """--rate-limit, one option for plan, apply, drift, import and check-platform."""
    shares = (
        " With --shard i/n each shard paces to 1/n of it, as the n shards share one limit: give the "
        "whole limit, not a shard's."
    )
    return click.option(
        "--rate-limit",
        type=RateType(),
        help="The platform's request limit (500/min on the smallest iTwin tier): requests are spaced "
        f"to stay under it.{shares if sharded else ''}",
    )


def rate_limit_option(command: F) -> F:
    """--rate-limit alone, for a command that is never sharded (import, check-platform): the
    command gets `scale: Scale`."""

    @functools.wraps(command)
    def wrapper(*args: Any, rate_limit: float | None, **kwargs: Any) -> Any:
        return command(*args, scale=Scale(rate_limit=rate_limit), **kwargs)

    return _rate_limit_flag(sharded=False)(wrapper)


def shard_options(command: F) -> F:
    """--shard i/n and --rate-limit: the command gets `scale: Scale`."""

    @functools.wraps(command)
    def wrapper(*args: Any, shard: Shard | None, rate_limit: float | None, **kwargs: Any) -> Any:
        return command(*args, scale=Scale(shard, rate_limit), **kwargs)

    paced = _rate_limit_flag(sharded=True)(wrapper)
    return click.option(
        "--shard",
        type=ShardType(),
        help="Only shard i of n (1 <= i <= n <= 256; i from 1, as GitLab's CI_NODE_INDEX): the "
        "connections whose address hashes there are read and planned, nothing outside is changed. "
        "Merge the shards' --out files with `iotplan merge`.",
    )(paced)


def entities_per_call_option(command: F) -> F:
    """apply's --entities-per-call, set on the `scale` shard_options makes (decorate below it: its
    wrapper runs first)."""

    @functools.wraps(command)
    def wrapper(*args: Any, scale: Scale, entities_per_call: int, **kwargs: Any) -> Any:
        return command(*args, scale=dataclasses.replace(scale, entities_per_call=entities_per_call), **kwargs)

    return click.option(
        "--entities-per-call",
        default=ENTITIES_PER_CALL,
        show_default=True,
        type=CallSizeType(),
        help=f"The most devices and sensors (1 to {ENTITIES_PER_CALL}) one integrate call carries, a "
        "sensor going with its device: a connection's changes are split into calls of N. Lower it when "
        "the platform, or a proxy in front of it, refuses a call's body as too large (413).",
    )(wrapper)


class CallSizeType(click.ParamType):
    """--entities-per-call: ASCII digits, 1 to ENTITIES_PER_CALL, refused in words that say the range."""

    name = "N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = AsciiIntRange().convert(value, param, ctx)
        if not 1 <= number <= ENTITIES_PER_CALL:
            most = ENTITIES_PER_CALL
            said = f"a call carries from 1 to {most} devices and sensors ({most}, the default, is the most"
            self.fail(f"{number}: {said} iotplan sends in one call); nothing was sent", param, ctx)
        return number
