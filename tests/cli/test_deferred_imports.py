"""What a plan, `plan --help` and `validate` leave unimported: the apply stages and report (`apply` imports
them in its body), a template's modules for a plain manifest, the Markdown and JSON views of a plan
shown as text, on-device mode's gateway client, and, for `validate`, httpx and the clients;
`iotplan --help` leaves the emulator. Each was loaded by every start (issue 17: 60 ms of a plan's
CPU, 0.1 s of `validate`'s, 75 ms of `--help`'s); an import moved back to a module's top fails
here, not silently in a benchmark.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click
import pytest

from iotplan.cli.debug_log import LOG
from iotplan.cli.options import NotEmpty
from iotplan.clients.observe import LOG as HTTP_LOG
from iotplan.secrets import is_empty
from tests.cli.test_startup import loaded_by
from tests.conftest import ROOT

QUICKSTART = str(ROOT / "examples" / "quickstart" / "site.yaml")
APPLY_ONLY = (
    "iotplan.apply.edge",
    "iotplan.apply.execute",
    "iotplan.apply.outcome",
    "iotplan.apply.recount",
    "iotplan.apply.rollout",
    "iotplan.apply.thread",
    "iotplan.commands.apply",
    "iotplan.commands.on_device",
    "iotplan.commands.shard_apply",
    "iotplan.commands.show",
    "iotplan.render.apply_report",
    "iotplan.render.drift_json",
)
TEMPLATE_ONLY = (
    "iotplan.manifest.rendered",
    "iotplan.manifest.rendered_problems",
    "iotplan.manifest.template_data",
)
NOT_SHOWN = ("iotplan.render.markdown", "iotplan.render.json_plan")  # a plan shown as text
ON_DEVICE_ONLY = ("iotplan.clients.local_gateway",)
CLIENTS = ("httpx", "iotplan.clients.errors", "iotplan.clients.target", "iotplan.live.read")


def test_a_plan_shown_as_text_loads_no_apply_stage_template_module_or_other_view(tmp_path: Path) -> None:
    arguments = ["plan", QUICKSTART, "--sim-db", str(tmp_path / "sim.db")]
    unused = APPLY_ONLY + TEMPLATE_ONLY + NOT_SHOWN + ON_DEVICE_ONLY
    assert loaded_by(arguments, tmp_path, unused) == "loaded: []"


def test_plan_help_loads_no_apply_stage(tmp_path: Path) -> None:
    assert loaded_by(["plan", "--help"], tmp_path, APPLY_ONLY + TEMPLATE_ONLY + NOT_SHOWN) == "loaded: []"


def test_validate_loads_no_client(tmp_path: Path) -> None:
    arguments = ["validate", QUICKSTART]
    assert loaded_by(arguments, tmp_path, APPLY_ONLY + TEMPLATE_ONLY + CLIENTS) == "loaded: []"


def test_iotplan_help_loads_no_emulator(tmp_path: Path) -> None:
    """`sim serve --variant`'s help names the variants only when it is read (cli/sim.py)."""
    assert loaded_by(["--help"], tmp_path, ("iotplan.sim",)) == "loaded: []"


def test_the_variant_help_read_names_every_variant() -> None:
    from iotplan.cli.sim import serve
    from iotplan.sim import KNOWN_VARIANTS

    [option] = [param for param in serve.params if param.name == "variants"]
    assert option.help == (
        "Switch one assumption of docs/api-assumptions.md to its alternative (repeat for several): "
        f"{', '.join(KNOWN_VARIANTS)}. In-process, IOTPLAN_SIM_VARIANTS=NAME,NAME does the same."
    )


def test_the_debug_log_is_the_logger_the_clients_write_to() -> None:
    """cli/debug_log.py names it rather than import clients/observe.py (and httpx with it)."""
    assert LOG is HTTP_LOG is logging.getLogger("iotplan.http")


@pytest.mark.parametrize("value", ["", " ", "\t\n", "x", " x ", "\u3000", "-"])
def test_not_empty_refuses_exactly_what_is_empty_says_is_empty(value: str) -> None:
    """NotEmpty tests a given value as secrets.is_empty does, without loading httpx."""
    if is_empty(value):
        with pytest.raises(click.BadParameter):
            NotEmpty().convert(value, None, None)
    else:
        assert NotEmpty().convert(value, None, None) == value
