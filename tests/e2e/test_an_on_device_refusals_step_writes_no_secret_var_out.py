"""A saved plan refused on a THREAD names this THREAD's own plan with the --var values the plan was
rendered with. It wrote each as given (`--var api_key=Sup3rS3cretTok9x`), where drift's `Next:` line shows a
credential-named --var "(sensitive)": both now build their --var flags with one helper, and neither prints the
secret. Another --var holding that secret stops the run before
(test_any_credential_named_value_another_input_holds_stops_the_run), so one sharing a word with it
(`region=n0rth`) is printed as given, as the plan was rendered with it."""

from __future__ import annotations

import shlex

import pytest

from iotplan.cli.options import TemplateFiles
from iotplan.secrets import MASKED
from tests.e2e.conftest import Workspace
from tests.e2e.test_on_device import EDGE, SIM, thread, writes

__all__ = ["thread"]  # the fixture: this THREAD answering at localhost

SECRET = "Sup3rS3cretTok9x"
TEMPLATE = "examples/edge/site.yaml.j2"
VARIABLES = (("region", "n0rth"), ("api_key", SECRET), ("site", "south"))
SHOWN = ["--var", "region=n0rth", "--var", f"api_key={MASKED}", "--var", "site=south"]


def _template(thread: Workspace) -> None:
    manifest = (thread.path / EDGE).read_text()
    header = "apiVersion: iotplan/v1\n# {{ region }} {{ site }}"
    (thread.path / TEMPLATE).write_text(manifest.replace("apiVersion: iotplan/v1", header, 1))


def test_the_step_of_a_platforms_plan_refused_on_a_thread_masks_its_secret_vars(thread: Workspace) -> None:
    _template(thread)
    given = [word for key, value in VARIABLES for word in ("--var", f"{key}={value}")]
    assert thread.run("plan", TEMPLATE, *given, "--out", "platform.json").exit_code in (0, 2)
    before = writes(thread)

    applied = thread.run("apply", "platform.json", "--on-device", "--sim-db", SIM)

    assert applied.exit_code == 1, applied.output
    assert writes(thread) == before
    assert SECRET not in applied.output
    said = " ".join(applied.stderr.split())
    assert f"plan again here with `{shlex.join(['iotplan', 'plan', TEMPLATE, *SHOWN])} --on-device" in said, (
        said
    )


@pytest.mark.parametrize("order", [VARIABLES, VARIABLES[::-1]], ids=["secret-last", "secret-first"])
def test_drifts_next_line_masks_a_credential_named_var_alone(order: tuple) -> None:
    flags = TemplateFiles(None, None, order).flags()

    assert SECRET not in " ".join(flags)
    assert "region=n0rth" in flags and f"api_key={MASKED}" in flags
    assert flags[flags.index("site=south") - 1] == "--var"
