"""A plan saved before fingerprints left out a `user:password@host` without a `scheme://` hashed the
password: applied after, its entity reads otherwise with the platform untouched. It is refused, never
applied blind, and the refusal says an earlier iotplan fingerprinted otherwise and to plan again."""

from __future__ import annotations

import json
from unittest.mock import patch

import iotplan.plan.compare as compare
from iotplan.plan.props import SENSITIVE
from iotplan.secrets import text_names_a_credential, without_url_credentials
from tests.e2e.conftest import QUICKSTART, Workspace

PZ_1 = "quickstart:dam-a/logger-1/pz-1"
NOTES = "ODBC sa:pw0rd1@db.example"


def _text_fingerprinted_before(text: str) -> str:
    """How a fingerprint took a text before: a `scheme://` URL's password alone left out."""
    masked = without_url_credentials(text)
    return SENSITIVE if text_names_a_credential(masked) else masked


def test_a_plan_saved_before_is_refused_and_one_made_again_applies(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    device = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": {}}
    device["sensors"] = [{"changeState": "update", "refId": PZ_1, "props": {"NOTES": NOTES}}]
    workspace.integrate_under("quickstart:dam-a", [device])
    # Planned as the iotplan before (its format, and its fingerprints: no part dumped since is reused).
    with (
        patch.object(compare, "_text_without_secrets", _text_fingerprinted_before),
        patch.dict(compare._PARTS, clear=True),
    ):
        assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    saved = json.loads((workspace.path / "plan.json").read_text())
    (workspace.path / "plan.json").write_text(json.dumps(saved | {"format_version": "1.14"}))
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    assert (
        "this plan (format 1.14) was made by an earlier iotplan, which fingerprinted entities otherwise, "
        "or the platform changed since (dam-a/logger-1/pz-1): run iotplan plan again"
    ) in refused.stderr
    assert workspace.live_entity(PZ_1)["props"]["NOTES"] == NOTES
    assert workspace.run("plan", QUICKSTART, "--out", "again.json").exit_code == 0
    assert workspace.run("apply", "again.json").exit_code == 0
    assert workspace.live_entity(PZ_1)["props"]["NOTES"] != NOTES
