"""A live name, notes or custom metric's name that is a credential's label and its value without a
blank (`Password:hunter2`, written in the web app) was shown in clear in every plan and drift view,
read as a refId of stack `password`, while validate refused the same declared text saying "plans
show it as (sensitive)" and `import` left it out "so plans show it masked". A name, notes, url or
metric's name holds no refId: views hide it there by the rule the manifest refuses it with, and a
saved plan showing it hidden still applies."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

CANARIES = ("hunter2", "T1abc9", "Tr0ub", "s3cr3t9")


@pytest.fixture
def written(workspace: Workspace) -> Workspace:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    pz = {"NOTES": "Token:T1abc9", "UNKNOWN_METRICS": {"0": "SECRET:s3cr3t9", "1": "temperature_raw"}}
    sensors = [{"changeState": "update", "refId": "quickstart:dam-a/logger-1/pz-1", "props": pz}]
    logger = {"NAME": "Password:hunter2"}
    device = {
        "changeState": "update",
        "refId": "quickstart:dam-a/logger-1",
        "props": logger,
        "sensors": sensors,
    }
    weather = {
        "changeState": "update",
        "refId": "quickstart:dam-a/weather",
        "props": {"NAME": "Pwd:Tr0ub/4dor"},
    }
    workspace.integrate_under("quickstart:dam-a", [device, weather])
    return workspace


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_a_plan_hides_a_live_label_and_its_credential_alone(written: Workspace, output: str) -> None:
    planned = written.run("plan", QUICKSTART, "--format", output, "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    shown = planned.output + (written.path / "plan.json").read_text()
    assert [canary for canary in CANARIES if canary in shown] == []
    assert "notes" in shown and "(sensitive)" in shown


@pytest.mark.parametrize("output", ["text", "json", "markdown", "junit", "html"])
def test_a_drift_report_hides_a_live_label_and_its_credential_alone(written: Workspace, output: str) -> None:
    reported = written.run("drift", QUICKSTART, "--format", output)
    assert reported.exit_code == 2, reported.output
    assert [canary for canary in CANARIES if canary in reported.output] == []


def test_a_saved_plan_showing_them_hidden_still_applies(written: Workspace) -> None:
    assert written.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    applied = written.run("apply", "plan.json", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert written.live_entity("quickstart:dam-a/logger-1")["props"]["NAME"] == "Crest datalogger"
