"""The `iotplan` command group: the one place that maps errors to messages and exit codes
(`cli/exit_codes.py` says what each code means)."""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

import click

from iotplan import __version__
from iotplan.cli.drift_command import drift
from iotplan.cli.exit_codes import ExitCode
from iotplan.cli.import_command import import_
from iotplan.cli.manifest_commands import render, schema, validate
from iotplan.cli.plan_commands import apply, plan
from iotplan.cli.sim import sim
from iotplan.clients.errors import redact
from iotplan.collector import THRESHOLDS
from iotplan.errors import ApplyInterrupted, IotplanError


class IotplanGroup(click.Group):
    """A click group whose every failure ends in a one-line message and exit code 1."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:  # type: ignore[override]
        arguments = kwargs.get("args") or (args[0] if args else None) or sys.argv[1:]
        if "NO_COLOR" in os.environ or "--no-color" in arguments:
            kwargs.setdefault("color", False)  # stderr too: errors, the target line
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.secho("Interrupted.", err=True, fg="red")
            sys.exit(ExitCode.INTERRUPTED)
        except ApplyInterrupted as error:
            click.secho(f"Error: {error}", err=True, fg="red")
            sys.exit(ExitCode.INTERRUPTED)
        except click.ClickException as error:
            error.show()
            sys.exit(ExitCode.ERROR)
        except IotplanError as error:
            click.secho(f"Error: {error}", err=True, fg="red")
            sys.exit(ExitCode.ERROR)
        except OSError as error:  # an output file that cannot be written, say
            where = f"{error.filename}: " if error.filename else ""
            click.secho(f"Error: {where}{error.strerror or error}", err=True, fg="red")
            sys.exit(ExitCode.ERROR)
        except Exception as error:  # a bug: one clean line (secrets redacted), the traceback on demand
            if os.environ.get("IOTPLAN_DEBUG"):
                raise
            message = redact(f"{type(error).__name__}: {error}")
            click.secho(f"Error: unexpected {message} (IOTPLAN_DEBUG=1 shows where)", err=True, fg="red")
            sys.exit(ExitCode.ERROR)
        sys.exit(code if isinstance(code, int) else ExitCode.OK)


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
def cli() -> None:
    """Keep an iTwin IoT sensor network in git: validate, plan and apply a YAML manifest."""


cli.add_command(validate)
cli.add_command(plan)
cli.add_command(apply)
cli.add_command(drift)
cli.add_command(import_)
cli.add_command(render)
cli.add_command(schema)
cli.add_command(sim)


def main() -> None:
    gc.set_threshold(*THRESHOLDS)  # and the large stages pause it (iotplan/collector.py)
    cli.main(prog_name="iotplan")
