"""A credential-named --var is withheld from the template, so its value never reaches the plan: the plan
shows what it will write, though a --var named `secret_name` or `auth_realm` holds a word of it (a site's
key, a name), and the saved plan keeps such a value masked. Before, the value was held for masking for the
whole run (`+ node (sensitive)-01`, `name = (sensitive)` while apply wrote the name) and written in clear
into the saved plan's `variables`."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Workspace

MULTI_SITE = ("examples/multi-site/site.yaml.j2", "--sites", "examples/multi-site/sites.csv")
KEY = "Zq8wLmN3pR7tXk9"


@pytest.mark.parametrize(
    "var, shown",
    # words of the template's own text: a value another input holds stops the run (template_credentials.py)
    [
        ("secret_name=datalogger", "Benmore dam - datalogger feed"),
        ("auth_realm=Piezometer", "Piezometer PZ-1"),
    ],
)
def test_a_credential_named_var_holding_a_word_of_the_plan_leaves_the_plan_whole(
    workspace: Workspace, var: str, shown: str
) -> None:
    planned = workspace.run("plan", *MULTI_SITE, "--var", var, "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    assert shown in planned.stdout and "(sensitive)" not in planned.stdout
    assert shown in (workspace.path / "plan.json").read_text()


def test_a_saved_plan_keeps_a_credential_named_vars_value_masked_and_applies(workspace: Workspace) -> None:
    planned = workspace.run("plan", *MULTI_SITE, "--var", f"api_key={KEY}", "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    saved = (workspace.path / "plan.json").read_text()
    assert KEY not in saved
    assert json.loads(saved)["manifest"]["variables"] == {"api_key": "(sensitive)"}
    assert workspace.run("show", "plan.json").exit_code == 0
    applied = workspace.run("apply", "plan.json", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.live_entity("multi-site:site-02")["props"]["NAME"] == "Benmore dam - datalogger feed"


def test_a_saved_plan_s_credential_named_var_may_be_given_again(workspace: Workspace) -> None:
    given = ("--var", f"api_key={KEY}")
    assert workspace.run("plan", *MULTI_SITE, *given, "--out", "plan.json").exit_code == 0
    applied = workspace.run("apply", "plan.json", *MULTI_SITE[1:], *given, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    other = workspace.run("apply", "plan.json", "--var", "region=north", "--auto-approve")
    assert other.exit_code == 1 and "--var: a saved plan is applied exactly" in other.stderr


def test_a_plan_saved_with_its_credential_in_clear_still_applies(workspace: Workspace) -> None:
    assert workspace.run("plan", *MULTI_SITE, "--var", f"api_key={KEY}", "--out", "plan.json").exit_code == 0
    plan = workspace.path / "plan.json"
    saved = json.loads(plan.read_text())
    saved["manifest"]["variables"] = {"api_key": KEY}  # as a plan saved before the mask wrote it
    plan.write_text(json.dumps(saved))
    assert workspace.run("show", "plan.json").exit_code == 0
    applied = workspace.run("apply", "plan.json", "--auto-approve")
    assert applied.exit_code == 0, applied.output


def test_shard_plans_saved_with_a_masked_credential_merge_and_apply(workspace: Workspace) -> None:
    shards = [f"s{index}.json" for index in (1, 2)]
    for index, saved in enumerate(shards, 1):
        flags = ("--var", f"api_key={KEY}", "--shard", f"{index}/2", "--out", saved)
        planned = workspace.run("plan", *MULTI_SITE, *flags)
        assert planned.exit_code == 0, planned.output
    merged = workspace.run("merge", *shards, "--out", "merged.json")
    assert merged.exit_code in (0, 2), merged.output
    assert KEY not in (workspace.path / "merged.json").read_text()
    applied = workspace.run("apply", "merged.json", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.live_entity("multi-site:site-02")["props"]["NAME"] == "Benmore dam - datalogger feed"


def test_a_saved_plan_masks_its_credential_named_vars_alone(workspace: Workspace) -> None:
    given = ("--var", "pin=1", "--var", "site_count=12", "--var", f"api_key={KEY}", "--var", "note=n-1")
    assert workspace.run("plan", *MULTI_SITE, *given, "--out", "plan.json").exit_code == 0
    saved = json.loads((workspace.path / "plan.json").read_text())["manifest"]["variables"]
    assert saved == {
        "pin": "(sensitive)",
        "site_count": "12",
        "api_key": "(sensitive)",
        "note": "n-1",
    }
