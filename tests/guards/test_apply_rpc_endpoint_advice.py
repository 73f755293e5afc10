"""A saved plan's refusal of another JSON-RPC endpoint advises only what would work:
IOTPLAN_RPC_ENDPOINT where this command reads it, never beside `--endpoint`, which passes it over."""

from __future__ import annotations

import dataclasses
import re
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
    assert f"give --endpoint https://iiot.example --rpc-endpoint {MADE_THROUGH}, or plan again" in said
    assert "IOTPLAN_RPC_ENDPOINT" not in said


def test_the_advice_followed_literally_is_not_refused_again(tmp_path: Path) -> None:
    """`--rpc-endpoint` alone is refused (its REST half would be IOTPLAN_ENDPOINT's), so the flag
    advised goes with the `--endpoint` the plan was made against; the variable, beside IOTPLAN_ENDPOINT."""
    environ = {
        "IOTPLAN_ENDPOINT": "https://iiot.example",
        "IOTPLAN_API_KEY": "k",
        "IOTPLAN_RPC_ENDPOINT": "ws://127.0.0.1:18249/",
    }
    said = refusal(TargetOptions(), environ, tmp_path)
    advised = re.search(
        r"give (--endpoint \S+ --rpc-endpoint \S+) \(or set IOTPLAN_RPC_ENDPOINT to it\)", said
    )
    assert advised is not None, said
    flag, endpoint, rpc_flag, rpc_endpoint = advised.group(1).split()
    assert (flag, rpc_flag) == ("--endpoint", "--rpc-endpoint")
    made = dataclasses.replace(
        plan(), target_identity="https://iiot.example", target_rpc_endpoint=MADE_THROUGH
    )
    saved = saved_copy(made, tmp_path)
    given = TargetOptions(endpoint=endpoint, rpc_endpoint=rpc_endpoint)
    refuse_other_target_unopened(saved, given, environ)  # neither refused as half a target nor as another
    refuse_other_target_unopened(saved, TargetOptions(), {**environ, "IOTPLAN_RPC_ENDPOINT": rpc_endpoint})
