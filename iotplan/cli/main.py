"""The `iotplan` command group: the one place that maps errors to messages and exit codes
(`cli/exit_codes.py` says what each code means)."""

from __future__ import annotations

import atexit
import codecs
import difflib
import gc
import importlib
import os
import select
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from typing import Any

import click

from iotplan import __version__
from iotplan.cli.color import color_from_environment
from iotplan.cli.debug_log import debug_from_environment, set_debug_log
from iotplan.cli.exit_codes import ExitCode
from iotplan.cli.help import WholeHelpGroup
from iotplan.cli.stop_signals import INTERRUPTED, Interrupted, interrupted_exit, received, stopped_by_signals
from iotplan.collector import THRESHOLDS
from iotplan.errors import ApplyInterrupted, IotplanError, ManifestError, causes

# Each command's module, imported when the command runs: `plan` need not load what `sim`, `drift`
# or `import` do (a quarter of the start-up).
COMMANDS = {
    "validate": "iotplan.cli.manifest_commands:validate",
    "plan": "iotplan.cli.plan_commands:plan",
    "apply": "iotplan.cli.plan_commands:apply",
    "drift": "iotplan.cli.drift_command:drift",
    "merge": "iotplan.cli.merge_command:merge",
    "show": "iotplan.cli.show_command:show",
    "import": "iotplan.cli.import_command:import_",
    "render": "iotplan.cli.manifest_commands:render",
    "schema": "iotplan.cli.manifest_commands:schema",
    "sim": "iotplan.cli.sim:sim",
    "check-platform": "iotplan.cli.check_command:check_platform_command",
}
# Commands that leave signals to another: `sim serve` to uvicorn, which stops the server on SIGINT
# and SIGTERM, then raises them again.
OWN_SIGNALS = frozenset({"sim"})


class PipeClosed(Exception):
    """A write into a pipe whose reader has gone: stdout's or stderr's (`iotplan plan | head -1`)
    when `stdio`, else another (an --out FIFO; a socket, were one not wrapped by its client)."""

    def __init__(self, stdio: bool) -> None:
        super().__init__("a pipe iotplan wrote to was closed by its reader")
        self.stdio = stdio


@contextmanager
def _pipe_closed_told_apart() -> Iterator[None]:
    """click's main turns a broken pipe into a bare exit 1, which reads as an error: raised as
    PipeClosed instead, it passes click by and ends as a closed pipe ends git (_exit_for)."""
    try:
        yield
    except BrokenPipeError as closed:
        raise PipeClosed(_stdio_reader_gone()) from closed


def _stdio_reader_gone() -> bool:
    """Whether stdout or stderr is the pipe whose reader has gone: poll flags its end with an error."""
    if not hasattr(select, "poll"):  # Windows: no other pipe is written there
        return True
    watched = select.poll()
    for stream in (sys.__stdout__, sys.__stderr__):
        with suppress(AttributeError, OSError, ValueError):  # no stream, or no file descriptor
            watched.register(stream.fileno(), select.POLLOUT)  # type: ignore[union-attr]
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in watched.poll(0))


class IotplanGroup(WholeHelpGroup):
    """A click group whose every failure ends in a one-line message and an exit code."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _pipe_closed_told_apart():  # `iotplan --help | true`
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _pipe_closed_told_apart():
            return super().invoke(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name].split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """click suggests a close name from `self.commands`, which the lazy loading leaves empty:
        `iotplan aply` gets its "Did you mean" from COMMANDS, as `iotplan sim serv` gets one."""
        name = args[0]
        close = difflib.get_close_matches(name, COMMANDS)
        if name not in COMMANDS and close and not ctx.resilient_parsing and not name.startswith("-"):
            ctx.fail(f"No such command {name!r}. {_did_you_mean(close)}")
        return super().resolve_command(ctx, args)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:  # type: ignore[override]
        arguments = kwargs.get("args") or (args[0] if args else None) or sys.argv[1:]
        # The run's one decision (cli/color.py), before any option is parsed: a usage error is
        # shown as asked too. None leaves each stream to colour only on a terminal.
        color = False if "--no-color" in arguments else color_from_environment()
        if color is not None:
            kwargs.setdefault("color", color)  # stderr too: the target line, warnings, errors
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        received.clear()  # this run's signals alone: _exit_for reads them (not a former run's in-process)
        with _stopped_by_signals(arguments):
            try:
                code = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
            except BaseException as error:
                sys.exit(_exit_for(error, color))
        sys.exit(code if isinstance(code, int) else ExitCode.OK)


def _stopped_by_signals(arguments: Any) -> AbstractContextManager[None]:
    """SIGTERM and SIGHUP stop the whole command as Ctrl-C does (cli/stop_signals.py), unless it
    handles its own. The group's options take no value: its first other word names the command."""
    named = next((word for word in arguments if not str(word).startswith("-")), None)
    return nullcontext() if named in OWN_SIGNALS else stopped_by_signals()


def _did_you_mean(names: list[str]) -> str:
    """click's own wording (click.exceptions._format_possibilities), which subcommands get."""
    quoted = ", ".join(repr(name) for name in sorted(names))
    return f"Did you mean {quoted}?" if len(names) == 1 else f"(Did you mean one of: {quoted}?)"


def _exit_for(error: BaseException, color: bool | None) -> int:
    """The one place an error becomes a message on stderr and an exit code."""
    if isinstance(error, SystemExit):
        return error.code if isinstance(error.code, int) else ExitCode.ERROR
    if isinstance(error, OSError | PipeClosed) and received.signals:
        return _report_cut_off(color)
    if isinstance(error, PipeClosed) and error.stdio:
        return _pipe_closed()
    if isinstance(error, PipeClosed):  # not the reader of what is shown: say so
        return _fail(f"Error: {error}", ExitCode.ERROR, color)
    stopped = _stopped_exit(error, color)
    if stopped is not None:
        return stopped
    if isinstance(error, click.ClickException):
        error.show()
        return ExitCode.ERROR
    if isinstance(error, ManifestError) and len(error.problems) > MANIFEST_PROBLEMS_SHOWN:
        return _fail(f"Error: {_first_problems(error)}", _or_the_signals(ExitCode.ERROR), color)
    if isinstance(error, IotplanError):
        return _fail(f"Error: {error}", _or_the_signals(ExitCode.ERROR), color)
    if isinstance(error, OSError):  # an output file that cannot be written, say
        where = f"{error.filename}: " if error.filename else ""
        return _fail(f"Error: {where}{error.strerror or error}", ExitCode.ERROR, color)
    if os.environ.get("IOTPLAN_DEBUG") or not isinstance(error, Exception):
        raise error
    # A bug: one clean line (secrets redacted), the traceback on demand.
    from iotplan.clients.errors import redact  # httpx: `--help` and `validate` need not load it

    message = redact(f"{type(error).__name__}: {error}")
    return _fail(f"Error: unexpected {message} (IOTPLAN_DEBUG=1 shows where)", ExitCode.ERROR, color)


# A manifest error's problems shown by plan, apply and drift: one mistake repeated over a fleet (a
# `moved` entry per site) made 220 lines of it, where the first few say what to fix; `validate`
# lists every one.
MANIFEST_PROBLEMS_SHOWN = 50


def _first_problems(error: ManifestError) -> str:
    """Unindented, as every problem is (`file:line:col:` at a line's start, which editors follow):
    not wording.first_lines."""
    shown = "\n".join(str(problem) for problem in error.problems[:MANIFEST_PROBLEMS_SHOWN])
    more = len(error.problems) - MANIFEST_PROBLEMS_SHOWN
    return f"{shown}\n... and {more:,} more problems: `iotplan validate` lists every one."


def _pipe_closed() -> int:
    """Quietly, as git and kubectl end (SIGPIPE, 141 in a shell): whoever read stdout has what it
    wanted (`| head -1`) or has gone, and nothing on stderr would help."""
    _point_nowhere(sys.stdout)
    return ExitCode.PIPE_CLOSED


def _stopped_exit(error: BaseException, color: bool | None) -> int | None:
    """The exit of a run a signal stopped, said with what it had done by then where that is known;
    None where `error` is the run's own."""
    if isinstance(error, ApplyInterrupted):
        return _fail(f"Error: {error}", interrupted_exit(), color)
    if isinstance(error, Interrupted):  # says what the run had done by then
        return _fail(str(error), interrupted_exit(), color)
    if isinstance(error, click.exceptions.Abort) or _cut_by_a_signal(error):
        return _interrupted(color)
    # An error of the run's own (an ApplyError once its work ended, the signal coming as what was left
    # running was let go) keeps its message; any other is what the signal made of the step it cut (an
    # import cut short, failing when made again).
    if received.signals and not isinstance(error, IotplanError):
        return _interrupted(color)
    return None


def _or_the_signals(code: ExitCode) -> int:
    """`code`, unless a signal came: the run then ends as the signal ends it (130, 143, 129)."""
    return interrupted_exit() if received.signals else code


def _cut_by_a_signal(error: BaseException) -> bool:
    """Whether a KeyboardInterrupt caused `error`: a step that catches every exception turned the
    signal into its own error (pydantic-core building a schema as a command loads: a SchemaError)."""
    return any(isinstance(cause, KeyboardInterrupt) for cause in causes(error))


def _interrupted(color: bool | None) -> int:
    """A run a signal stopped, whatever error the step it cut made of it: "Interrupted." and the
    signal's code. No secret can be in the line, so nothing is loaded to mask it: an import the signal
    cut short (iotplan.secrets, html's) can fail when made again."""
    try:
        click.secho(INTERRUPTED, err=True, fg="red", color=color)
    except OSError:  # stderr gone with its terminal: the exit code still says it
        _point_nowhere(sys.stderr)
    return interrupted_exit()


def _report_cut_off(color: bool | None) -> int:
    """A run stopped by a signal whose report could not be written: its terminal went with the ssh
    session (SIGHUP: EIO), or a pipe's reader with it (EPIPE). It ends as the signal ends it all the
    same; the files it wrote (a report redirected, --out) are whole."""
    _point_nowhere(sys.stdout)
    return _interrupted(color)


def _point_nowhere(stream: Any) -> None:
    """What `stream` still holds cannot fail again at its last flush, which would print a traceback
    and make the exit code 120."""
    with suppress(OSError, ValueError):  # no file descriptor: a test's stream
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


def _fail(message: str, code: int, color: bool | None) -> int:
    # The last net: a message quoting a held secret's value (from a hand-edited saved plan, say) shows
    # it masked, as every view does.
    from iotplan.secrets import mask_known  # loaded by whatever run can hold a secret; --help need not

    try:
        click.secho(mask_known(message), err=True, fg="red", color=color)
    except OSError:  # stderr gone with its terminal: the exit code still says it
        _point_nowhere(sys.stderr)
    return code


@click.group(
    cls=IotplanGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  iotplan plan examples/quickstart/site.yaml
  iotplan apply examples/quickstart/site.yaml
""",
)
@click.version_option(__version__, prog_name="iotplan")
@click.option(  # IotplanGroup.main reads it before parsing, for every message too
    "--no-color",
    is_flag=True,
    expose_value=False,
    help="No colour and no progress from any command, even on a terminal (as NO_COLOR; TERM=dumb too).",
)
def cli() -> None:
    """Keep an iTwin IoT sensor network in git: validate, plan and apply a YAML manifest."""
    set_debug_log(debug_from_environment())  # and a command's --debug, parsed after this, turns it on


def subcommand(name: str) -> click.Command:
    """The command `iotplan NAME`, imported."""
    command = cli.get_command(click.Context(cli), name)
    if command is None:
        raise KeyError(name)
    return command


def main() -> None:
    gc.set_threshold(*THRESHOLDS)  # and the large stages pause it (iotplan/collector.py)
    # pydantic plugins are observability hooks another program installs (pydantic's docs, "Plugins");
    # looking for them scans every installed package's entry points as the first model is built
    # (7 ms of a plan's start), and one that fails to load warns on iotplan's stderr. Set, it is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _never_fail_to_encode()
    try:
        cli.main(prog_name="iotplan")
    except SystemExit as done:
        if sys.getprofile() or sys.gettrace():  # a profiler or coverage writes its report at exit
            raise
        _leave(done.code if isinstance(done.code, int) else ExitCode.ERROR)


def _leave(code: int) -> None:
    """Exit without taking apart what the process is about to drop anyway.

    Freeing a plan of 100,000 entities object by object took 0.4 s after its last line was
    written. The exit handlers still run (logging's flush among them) and both streams are
    flushed; only the interpreter's teardown is skipped. Nothing is written after this point:
    files were closed by the commands that wrote them. What was still buffered for a reader that
    has gone (`| head -1`) ends the run as a write the command made would have (141).
    """
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started closed (`>&-`): Python made it None
            continue
        try:
            stream.flush()
        except BrokenPipeError:  # unless a signal stopped the run: its code says more
            code = code if received.signals else ExitCode.PIPE_CLOSED
        except (OSError, ValueError):  # a closed stream: nothing left to save
            code = code or ExitCode.ERROR
    os._exit(code)


def _never_fail_to_encode() -> None:
    """A console that cannot encode `→` or a site's name (a Windows code page, PYTHONIOENCODING=cp1252,
    GBK, which holds `→` and `é` but not `Ł`) gets an escape, never a UnicodeEncodeError halfway
    through a plan: every encoding but a UTF lacks some character, as click's streams assumed."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and not _a_utf(encoding):
            reconfigure(errors="backslashreplace")


def _a_utf(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False
