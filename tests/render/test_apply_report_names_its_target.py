"""`apply --format json` names the target it wrote to, as plan and drift JSON name theirs: a CI log
keeping only stdout tells which platform (and which JSON-RPC API) an apply wrote through. A URL's
credential, in --sim-db's folders or a JSON-RPC endpoint, is masked as the Target line masks it."""

from __future__ import annotations

import dataclasses
import json

from iotplan.apply.outcome import Outcome, Status
from iotplan.render.apply_report import apply_report_dict, render_refused_json
from tests.render.plans import in_sync, plan

APPLIED = Outcome("dam-a", Status.APPLIED, calls=1, applied=["dam-a"])
PASSWORD = "pa55w0rd"
KEYS = ("target", "target_identity", "target_rpc_endpoint")


def _named(made: dict[str, str]) -> dict[str, object]:
    applied = dataclasses.replace(plan(in_sync("dam-a")), **made)
    report = apply_report_dict([APPLIED], applied, "", plan=applied)
    return {key: report.get(key, "absent") for key in KEYS}


def test_the_report_names_the_target_its_plan_was_made_against() -> None:
    made = {
        "target": "https://iiot.example (API key; JSON-RPC wss://rpc.iiot.example/)",
        "target_identity": "https://iiot.example",
        "target_rpc_endpoint": "wss://rpc.iiot.example/",
    }
    assert _named(made) == made


def test_a_target_answering_json_rpc_in_process_names_none() -> None:
    made = {"target": "embedded platform (db.sqlite)", "target_identity": "embedded:/ci/db.sqlite"}
    assert _named({**made, "target_rpc_endpoint": ""}) == {**made, "target_rpc_endpoint": None}


def test_a_credential_in_the_target_is_masked() -> None:
    named = _named(
        {
            "target": f"embedded platform (https:/user:{PASSWORD}@host/db.sqlite)",
            "target_identity": f"embedded:/ci/https:/user:{PASSWORD}@host/db.sqlite",
            "target_rpc_endpoint": f"wss://user:{PASSWORD}@rpc.iiot.example/",
        }
    )
    assert PASSWORD not in json.dumps(named)
    assert all("(sensitive)@" in str(named[key]) for key in KEYS), named


def test_a_run_refused_before_its_plan_names_no_target() -> None:
    refused = json.loads(render_refused_json("the manifest cannot be read"))
    assert {key: refused.get(key, "absent") for key in KEYS} == dict.fromkeys(KEYS)
