"""The quickstart's life: create, converge, change, drift, remove, adopt; as a user runs it."""

from __future__ import annotations

import json
import re

import pytest

from iotplan.plan.model import FORMAT_VERSION
from tests.e2e.conftest import QUICKSTART, Workspace


def field_changes(plan: dict) -> dict[str, list[tuple]]:
    return {
        change["address"]: [(f["path"], f["before"], f["after"]) for f in change["fields"]]
        for change in plan["changes"]
        if change["action"] != "no-op"
    }


def test_the_first_plan_creates_everything(workspace: Workspace) -> None:
    result = workspace.run("plan", QUICKSTART)
    assert result.exit_code == 0
    assert "+ sensor dam-a/logger-1/pz-1 (GENERIC_SENSOR_SDE)" in result.stdout
    assert result.stdout.rstrip().endswith("Plan: 8 to add, 0 to change, 0 to destroy.")
    assert "Target: embedded platform (.iotplan/sim.db)" in result.stderr


def test_apply_then_plan_is_empty(workspace: Workspace) -> None:
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "Verified: a fresh read shows no changes." in applied.stdout
    again = workspace.run("plan", QUICKSTART, "--detailed-exitcode")
    assert again.exit_code == 0
    assert "No changes." in again.stdout


def test_detailed_exitcode_says_changes_with_2(workspace: Workspace) -> None:
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 2


def test_a_changed_name_metric_and_location_are_exactly_those_field_changes(workspace: Workspace) -> None:
    workspace.run("apply", QUICKSTART, "--auto-approve")
    workspace.edit(QUICKSTART, "name: Crack meter CM-1", "name: Crack meter CM-01")
    workspace.edit(QUICKSTART, "{metric: cum_distance, unit: mm}", "{metric: cum_distance, unit: m}")
    workspace.edit(QUICKSTART, "lat: -41.2701", "lat: -41.2702")
    plan = workspace.json("plan", QUICKSTART)
    assert field_changes(plan) == {
        "dam-a/logger-1": [("location.lat", -41.2701, -41.2702)],
        "dam-a/logger-1/crack-1": [
            ("name", "Crack meter CM-1", "Crack meter CM-01"),
            ("metrics[1].unit", "mm", "m"),
        ],
    }
    crack = next(c for c in plan["changes"] if c["address"] == "dam-a/logger-1/crack-1")
    assert crack["touches_data_model"] is True
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0


def test_the_json_plan_tells_what_an_in_sync_sensor_holds_and_counts_no_in_sync_device(
    workspace: Workspace,
) -> None:
    workspace.run("apply", QUICKSTART, "--auto-approve")
    sensor = workspace.live_entity("quickstart:dam-a/weather/battery")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 50})
    changes = {c["address"]: c for c in workspace.json("plan", QUICKSTART)["changes"]}
    battery, weather = changes["dam-a/weather/battery"], changes["dam-a/weather"]
    assert (battery["action"], battery["observations"], battery["observations_unknown"]) == (
        "no-op",
        50,
        False,
    )
    assert (weather["action"], weather["observations"], weather["observations_unknown"]) == (
        "no-op",
        None,
        False,
    )


def test_removing_a_sensor_with_history_needs_allow_destroy(workspace: Workspace) -> None:
    workspace.run("apply", QUICKSTART, "--auto-approve")
    sensor = workspace.live_entity("quickstart:dam-a/weather/battery")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 1234})
    workspace.edit(QUICKSTART, "              - key: battery\n                name: Battery\n", "")
    workspace.edit(QUICKSTART, "                template: BATTERY_CHARGE_SDE\n", "")
    plan = workspace.run("plan", QUICKSTART)
    assert "- sensor dam-a/weather/battery (BATTERY_CHARGE_SDE)" in plan.stdout
    assert "destroys 1,234 observations" in plan.stdout
    refused = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1
    assert "would destroy 1,234 observations" in refused.stderr and "--allow-destroy" in refused.stderr
    assert workspace.live_entity("quickstart:dam-a/weather/battery")["id"] == sensor["id"]
    allowed = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert allowed.exit_code == 0, allowed.output
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0


def test_an_edit_behind_iotplans_back_is_planned_back(workspace: Workspace) -> None:
    workspace.run("apply", QUICKSTART, "--auto-approve")
    node = workspace.live_entity("quickstart:dam-a")
    device = {
        "changeState": "update",
        "refId": "quickstart:dam-a/logger-1",
        "props": {"NAME": "Renamed in the UI"},
    }
    workspace.integrate({"integration": {"nodeId": node["id"], "devices": [device]}})
    plan = workspace.json("plan", QUICKSTART)
    assert field_changes(plan) == {"dam-a/logger-1": [("name", "Renamed in the UI", "Crest datalogger")]}
    workspace.run("apply", QUICKSTART, "--auto-approve")
    assert workspace.live_entity("quickstart:dam-a/logger-1")["props"]["NAME"] == "Crest datalogger"


def test_an_unmanaged_entity_is_reported_and_left_alone(workspace: Workspace) -> None:
    workspace.run("apply", QUICKSTART, "--auto-approve")
    node = workspace.live_entity("quickstart:dam-a")
    sensor = {
        "changeState": "new",
        "refId": "installer-tool-7",
        "props": {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": "Spare"},
    }
    device = {"changeState": "update", "refId": "quickstart:dam-a/weather", "props": {}, "sensors": [sensor]}
    workspace.integrate({"integration": {"nodeId": node["id"], "devices": [device]}})
    plan = workspace.run("plan", QUICKSTART, "--detailed-exitcode")
    assert plan.exit_code == 0
    assert "? sensor dam-a/weather/#" in plan.stdout
    assert plan.stdout.rstrip().endswith("Plan: 0 to add, 0 to change, 0 to destroy, 1 unmanaged.")
    workspace.run("apply", QUICKSTART, "--auto-approve")
    assert workspace.live_entity("installer-tool-7")["props"]["NAME"] == "Spare"


def test_a_saved_plan_applies_and_a_stale_one_is_refused(workspace: Workspace) -> None:
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    assert workspace.run("apply", "plan.json").exit_code == 0
    workspace.edit(QUICKSTART, "name: Crest datalogger", "name: Crest logger")
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")
    device = {"changeState": "update", "refId": "quickstart:dam-a/logger-1", "props": {"NOTES": "moved"}}
    workspace.integrate({"integration": {"nodeId": node["id"], "devices": [device]}})
    stale = workspace.run("apply", "plan.json")
    assert stale.exit_code == 1
    assert "the platform changed since the plan was made (dam-a/logger-1)" in stale.stderr
    workspace.edit(QUICKSTART, "name: Crest logger", "name: Crest logger 2")
    assert "the manifest examples/quickstart/site.yaml changed" in workspace.run("apply", "plan.json").stderr


def declare_token(workspace: Workspace) -> None:
    """dam-a with a feed token, read from DAM_A_TOKEN."""
    workspace.edit(
        QUICKSTART, "        kind: api\n", "        kind: api\n        auth_token: ${env:DAM_A_TOKEN}\n"
    )


def applied_with_a_token(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quickstart applied, dam-a's feed token FeedTokenAtFirst (from DAM_A_TOKEN)."""
    declare_token(workspace)
    monkeypatch.setenv("DAM_A_TOKEN", "FeedTokenAtFirst")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0


def test_a_saved_plan_writes_only_the_token_it_was_reviewed_with(workspace: Workspace, monkeypatch) -> None:
    """A pull request's plan, applied by a production job whose environment gives another token."""
    applied_with_a_token(workspace, monkeypatch)
    monkeypatch.setenv("DAM_A_TOKEN", "ChangeAtPlan2-0123")
    assert workspace.run("plan", QUICKSTART, "--out", "chg.json").exit_code == 0
    assert "ChangeAtPlan2" not in (workspace.path / "chg.json").read_text()
    monkeypatch.setenv("DAM_A_TOKEN", "DifferentAtApply3")
    refused = workspace.run("apply", "chg.json")
    assert refused.exit_code == 1
    assert "a token differs from when the plan was made (dam-a (${env:DAM_A_TOKEN}))" in refused.stderr
    assert "DifferentAtApply3" not in refused.output and "ChangeAtPlan2" not in refused.output
    assert workspace.live_entity("quickstart:dam-a")["props"]["AUTH_TOKEN"] == "FeedTokenAtFirst"
    monkeypatch.setenv("DAM_A_TOKEN", "ChangeAtPlan2-0123")
    assert workspace.run("apply", "chg.json").exit_code == 0
    assert workspace.live_entity("quickstart:dam-a")["props"]["AUTH_TOKEN"] == "ChangeAtPlan2-0123"


def test_a_saved_plan_relabelled_as_a_format_before_tokens_were_recorded_is_refused(
    workspace: Workspace, monkeypatch
) -> None:
    """Said to be 1.4, it wrote whatever token the environment held at apply, exit 0."""
    applied_with_a_token(workspace, monkeypatch)
    monkeypatch.setenv("DAM_A_TOKEN", "ChangeAtPlan2-0123")
    assert workspace.run("plan", QUICKSTART, "--out", "chg.json").exit_code == 0
    workspace.edit("chg.json", f'"format_version": "{FORMAT_VERSION}"', '"format_version": "1.4"')
    monkeypatch.setenv("DAM_A_TOKEN", "DifferentAtApply3")
    refused = workspace.run("apply", "chg.json")
    assert refused.exit_code == 1
    assert "chg.json: not a plan this iotplan reads: format_version 1.4, but iotplan" in refused.stderr
    assert "the plan file was edited" in refused.stderr
    assert workspace.live_entity("quickstart:dam-a")["props"]["AUTH_TOKEN"] == "FeedTokenAtFirst"


def test_a_saved_plan_writing_a_token_too_short_to_record_is_refused_and_said_so_when_saved(
    workspace: Workspace, monkeypatch
) -> None:
    declare_token(workspace)
    monkeypatch.setenv("DAM_A_TOKEN", "short-tok-15chr")
    planned = workspace.run("plan", QUICKSTART, "--out", "plan.json")
    assert planned.exit_code == 0
    said = "this plan writes a token shorter than 16 characters (dam-a (${env:DAM_A_TOKEN}))"
    assert f"Warning: {said}" in planned.stderr
    assert "Saved the plan to plan.json. It cannot be applied: it writes a token too short" in planned.output
    assert "apply it with" not in planned.output  # no command offered that is certain to be refused
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1 and said in refused.stderr and "Apply the manifest itself" in refused.stderr
    assert "short-tok" not in planned.output + refused.output
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0


def test_a_json_plan_on_stdout_writing_a_token_too_short_to_record_is_said_so_on_stderr(
    workspace: Workspace, monkeypatch
) -> None:
    """`--format json > plan.json` saves the same plan as `--out plan.json`, so it warns alike."""
    declare_token(workspace)
    monkeypatch.setenv("DAM_A_TOKEN", "short-tok-15chr")
    planned = workspace.run("plan", QUICKSTART, "--format", "json")
    assert planned.exit_code == 0
    said = "Warning: this plan writes a token shorter than 16 characters (dam-a (${env:DAM_A_TOKEN}))"
    assert said in planned.stderr and said not in planned.stdout
    assert json.loads(planned.stdout)["changes"]
    assert "short-tok" not in planned.output


def test_a_saved_plan_is_refused_when_something_it_did_not_review_changed(workspace: Workspace) -> None:
    workspace.run("apply", QUICKSTART, "--auto-approve")
    workspace.edit(QUICKSTART, "name: Crest datalogger", "name: Crest logger")
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")
    weather = {"changeState": "update", "refId": "quickstart:dam-a/weather", "props": {"NAME": "Renamed"}}
    workspace.integrate({"integration": {"nodeId": node["id"], "devices": [weather]}})
    stale = workspace.run("apply", "plan.json")
    assert stale.exit_code == 1
    (digest,) = re.findall(r"Applying the saved plan (\S+):", stale.stderr)
    assert stale.stderr.endswith(
        "Error: 1 entity the plan held in sync reads otherwise now than the plan file says the platform held "
        "(dam-a/weather: its name): either the platform changed since the plan was made, in the web app or "
        f"by another writer, or the plan file was edited (compare the digest above, {digest}, with its "
        "review's): run iotplan plan again\n"
    ), stale.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1")["props"]["NAME"] == "Crest datalogger"


def test_apply_without_a_terminal_needs_auto_approve(workspace: Workspace) -> None:
    result = workspace.run("apply", QUICKSTART)
    assert result.exit_code == 1
    assert "--auto-approve" in result.stderr


def test_a_token_from_the_environment_never_appears(workspace: Workspace, monkeypatch) -> None:
    secret = "s3cr3t-feed-token-9f8e7d"
    monkeypatch.setenv("DAM_A_TOKEN", secret)
    declare_token(workspace)
    outputs = [workspace.run("plan", QUICKSTART, "--out", "plan.json")]
    outputs.append(workspace.run("plan", QUICKSTART, "--format", "markdown"))
    outputs.append(workspace.run("apply", QUICKSTART, "--auto-approve", "--format", "json"))
    outputs.append(workspace.run("plan", QUICKSTART, "--format", "json"))
    for result in outputs:
        assert result.exit_code == 0, result.output
        assert secret not in result.stdout and secret not in result.stderr
    assert secret not in (workspace.path / "plan.json").read_text()
    assert "(sensitive)" in outputs[0].stdout
    assert workspace.live_entity("quickstart:dam-a")["props"]["AUTH_TOKEN"] == secret


def test_a_missing_secret_stops_apply_before_any_write(workspace: Workspace) -> None:
    workspace.edit(
        QUICKSTART, "        kind: api\n", "        kind: api\n        auth_token: ${env:NOT_SET_ANYWHERE}\n"
    )
    result = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert result.exit_code == 1 and "NOT_SET_ANYWHERE" in result.stderr
    drift = json.loads(workspace.run("drift", QUICKSTART, "--format", "json").stdout)
    assert sum(entry["status"] == "MISSING" for entry in drift["entries"]) == 1  # nothing was written


def test_a_token_pasted_with_its_line_break_is_refused_by_name_and_never_written(
    workspace: Workspace, monkeypatch
) -> None:
    applied_with_a_token(workspace, monkeypatch)
    monkeypatch.setenv("DAM_A_TOKEN", "PastedTok99\n")
    result = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert result.exit_code == 1
    assert "secret ${env:DAM_A_TOKEN} ends with a line break: set the variable again" in result.stderr
    assert "PastedTok99" not in result.output
    assert workspace.live_entity("quickstart:dam-a")["props"]["AUTH_TOKEN"] == "FeedTokenAtFirst"


def test_a_token_too_short_to_be_masked_is_refused_by_name_and_never_written(
    workspace: Workspace, monkeypatch
) -> None:
    """The platform may echo a token back in an error; under 4 characters it would be shown."""
    applied_with_a_token(workspace, monkeypatch)
    monkeypatch.setenv("DAM_A_TOKEN", "Qz9")
    for command in (("plan", QUICKSTART), ("apply", QUICKSTART, "--auto-approve")):
        result = workspace.run(*command)
        assert result.exit_code == 1
        assert "secret ${env:DAM_A_TOKEN} is shorter than 4 characters" in result.stderr
        assert "Qz9" not in result.output
    assert workspace.live_entity("quickstart:dam-a")["props"]["AUTH_TOKEN"] == "FeedTokenAtFirst"


def test_a_plan_that_needs_an_unset_secret_is_an_error_not_a_plan_to_approve(workspace: Workspace) -> None:
    workspace.edit(
        QUICKSTART, "        kind: api\n", "        kind: api\n        auth_token: ${env:NOT_SET_ANYWHERE}\n"
    )
    result = workspace.run("plan", QUICKSTART, "--format", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "dam-a: auth_token ${env:NOT_SET_ANYWHERE} is not set (or empty)" in result.stderr


def test_a_token_that_cannot_be_compared_is_never_called_in_sync(workspace: Workspace, monkeypatch) -> None:
    """Applied with its token, then planned where the variable is unset (a CI job without the
    secret): plan and apply refuse, drift says the token was not checked."""
    monkeypatch.setenv("DAM_A_TOKEN", "tok-1")
    declare_token(workspace)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    monkeypatch.delenv("DAM_A_TOKEN")
    for command in (["plan", QUICKSTART, "--detailed-exitcode"], ["apply", QUICKSTART, "--auto-approve"]):
        result = workspace.run(*command)
        assert result.exit_code == 1, command
        assert "dam-a: auth_token ${env:DAM_A_TOKEN} is not set (or empty)" in result.stderr
    drift = json.loads(workspace.run("drift", QUICKSTART, "--format", "json").stdout)
    [dam_a] = [entry for entry in drift["entries"] if entry["address"] == "dam-a"]
    assert dam_a["status"] == "NOT_CHECKED" and "token was not compared" in dam_a["reason"]
    assert workspace.live_entity("quickstart:dam-a")["props"]["AUTH_TOKEN"] == "tok-1"


def test_an_unknown_template_fails_the_plan_with_a_suggestion(workspace: Workspace) -> None:
    workspace.edit(QUICKSTART, "template: TEMPERATURE_SDE", "template: TEMPERATUR_SDE")
    result = workspace.run("plan", QUICKSTART)
    assert result.exit_code == 1
    assert (
        "dam-a/weather/air-temp: unknown sensor template 'TEMPERATUR_SDE' (did you mean 'TEMPERATURE_SDE'?)"
        in result.stderr
    )


def _line_and_column(text: str, written: str) -> str:
    """Where `written` starts in `text`, 1-based, as `line:column`."""
    before = text[: text.index(written)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def test_names_the_catalog_lacks_are_told_at_the_manifest_s_line_and_column(workspace: Workspace) -> None:
    workspace.edit(QUICKSTART, "template: TEMPERATURE_SDE", "template: TEMPERATUR_SDE")
    workspace.edit(QUICKSTART, "{metric: cum_distance, unit: mm}", "{metric: cum_distance, unit: nosuchunit}")
    text = (workspace.path / QUICKSTART).read_text()
    result = workspace.run("plan", QUICKSTART)
    assert result.exit_code == 1
    template = _line_and_column(text, "TEMPERATUR_SDE")
    unit = _line_and_column(text, "nosuchunit")
    assert f"  {QUICKSTART}:{template}: dam-a/weather/air-temp: unknown sensor template" in result.stderr
    assert f"  {QUICKSTART}:{unit}: dam-a/logger-1/crack-1: metrics[1]: unit 'nosuchunit'" in result.stderr


def test_a_template_s_catalog_problem_is_told_at_the_template_s_line(workspace: Workspace) -> None:
    template = "examples/multi-site/site.yaml.j2"
    workspace.edit(template, "TEMPERATURE_SDE", "TEMPERATUR_SDE")
    text = (workspace.path / template).read_text()
    result = workspace.run("plan", template, "--sites", "examples/multi-site/sites.csv")
    assert result.exit_code == 1
    where = _line_and_column(text, "TEMPERATUR_SDE")
    assert f"  {template}:{where}: site-01/weather/air-temp: unknown sensor template" in result.stderr


def test_a_manifest_from_stdin_names_the_catalog_s_problem_by_address(workspace: Workspace) -> None:
    text = (workspace.path / QUICKSTART).read_text().replace("TEMPERATURE_SDE", "TEMPERATUR_SDE")
    result = workspace.run("plan", "-", input=text)
    assert result.exit_code == 1
    assert "\n  dam-a/weather/air-temp: unknown sensor template 'TEMPERATUR_SDE'" in result.stderr


def test_the_fifty_site_example_applies_and_plans_empty(workspace: Workspace) -> None:
    args = ("examples/multi-site/site.yaml.j2", "--sites", "examples/multi-site/sites.csv")
    applied = workspace.run("apply", *args, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", *args, "--detailed-exitcode").exit_code == 0


def test_a_targeted_saved_plan_applies_only_its_target(workspace: Workspace) -> None:
    workspace.run("apply", QUICKSTART, "--auto-approve")
    workspace.edit(QUICKSTART, "name: Crest datalogger", "name: Crest logger")
    workspace.edit(QUICKSTART, "name: Weather station", "name: Weather mast")
    planned = workspace.run("plan", QUICKSTART, "--target", "dam-a/weather", "--out", "plan.json")
    assert planned.exit_code == 0
    applied = workspace.run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    assert workspace.live_entity("quickstart:dam-a/weather")["props"]["NAME"] == "Weather mast"
    assert workspace.live_entity("quickstart:dam-a/logger-1")["props"]["NAME"] == "Crest datalogger"
