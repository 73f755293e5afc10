"""A saved plan's refusal of another JSON-RPC endpoint advises only what would work:
IOTPLAN_RPC_ENDPOINT where this command reads it, never beside `--endpoint`, which passes it over."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions
from iotplan.commands.apply import refuse_other_target_unopened
from iotplan.errors import StalePlanError
from tests.guards.test_apply_command import saved_copy
from tests.render.plans import plan

MADE_THROUGH = "ws://127.0.0.1:18241"


def refusal(options: TargetOptions, environ: dict[str, str], tmp_path: Path) -> str:
    made = dataclasses.replace(
        plan(), target_identity="https://iiot.example", target_rpc_endpoint=MADE_THROUGH
    )
    with pytest.raises(StalePlanError) as raised:
        refuse_other_target_unopened(saved_copy(made, tmp_path), options, environ)
    return str(raised.value)


def test_beside_an_endpoint_flag_the_variable_it_passes_over_is_not_advised(tmp_path: Path) -> None:
    environ = {"IOTPLAN_API_KEY": "k", "IOTPLAN_RPC_ENDPOINT": f"{MADE_THROUGH}/"}
    said = refusal(TargetOptions(endpoint="https://iiot.example"), environ, tmp_path)
    assert f"give --rpc-endpoint {MADE_THROUGH}, or plan again" in said
    assert "IOTPLAN_RPC_ENDPOINT" not in said
