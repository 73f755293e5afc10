"""A credential-named --var or --vars value is withheld from the template: where another --var or --vars
value holds it, plan, drift and apply stop before any read or write, naming both variables, never the value,
since a plan showing what it writes cannot be both reviewed and safe. Otherwise nothing else is masked: a
saved plan records the credential-named value "(sensitive)" and every other as given, so its apply renders
the same. Before, `auth_realm=north` saved `region=north` masked and the apply said the manifest had
changed; and `api_key=Zq7hunter2x9` left `region=north-Zq7hunter2x9` in clear in the plan."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import PROJECT, Workspace

KEY = "Zq7hunter2x9"
TEMPLATE = f"""apiVersion: iotplan/v1
stack: held
projects:
  - id: {PROJECT}
    nodes:
      - key: site-c
        kind: api
        name: "Site {{{{ region }}}} feed"
        devices: []
"""


@pytest.fixture
def template(workspace: Workspace) -> str:
    (workspace.path / "t.yaml.j2").write_text(TEMPLATE)
    return "t.yaml.j2"


def test_a_credential_named_word_no_other_var_holds_saves_and_applies(
    workspace: Workspace, template: str
) -> None:
    given = ("--var", "auth_realm=north", "--var", "region=south")
    planned = workspace.run("plan", template, *given, "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    saved = json.loads((workspace.path / "plan.json").read_text())["manifest"]["variables"]
    assert saved == {"auth_realm": "(sensitive)", "region": "south"}
    applied = workspace.run("apply", "plan.json", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.live_entity("held:site-c")["props"]["NAME"] == "Site south feed"


@pytest.mark.parametrize(
    "region", [f"north-{KEY}", f"north-{KEY.upper()}", "north-Zq7hunter2x9".replace("-", "%2D")]
)
@pytest.mark.parametrize("command", ["plan", "drift", "apply"])
def test_a_var_holding_a_credential_named_secret_stops_the_run(
    workspace: Workspace, template: str, command: str, region: str
) -> None:
    auto = ("--auto-approve",) if command == "apply" else ()
    ran = workspace.run(command, template, "--var", f"api_key={KEY}", "--var", f"region={region}", *auto)
    assert ran.exit_code == 1, ran.output
    assert "--var api_key" in ran.stderr and "--var region" in ran.stderr
    assert "keep it out of other inputs" in ran.stderr
    assert KEY.lower() not in ran.output.lower()
    with pytest.raises(KeyError):
        workspace.live_entity("held:site-c")


def test_a_vars_files_secret_held_by_a_var_stops_the_plan(workspace: Workspace, template: str) -> None:
    (workspace.path / "prod.yaml").write_text(f"api_key: {KEY}\n")
    ran = workspace.run(
        "plan", template, "--vars", "prod.yaml", "--var", f"region=west-{KEY}", "--out", "p.json"
    )
    assert ran.exit_code == 1, ran.output
    assert "api_key of --vars prod.yaml" in ran.stderr and "--var region" in ran.stderr
    assert KEY not in ran.output and not (workspace.path / "p.json").exists()


def test_a_vars_files_secret_held_in_the_same_file_stops_the_plan(
    workspace: Workspace, template: str
) -> None:
    (workspace.path / "prod.yaml").write_text(f"feed:\n  token: {KEY}\nregion: west-{KEY}\n")
    ran = workspace.run("plan", template, "--vars", "prod.yaml")
    assert ran.exit_code == 1, ran.output
    assert "feed.token of --vars prod.yaml" in ran.stderr and "region of --vars prod.yaml" in ran.stderr
    assert KEY not in ran.output


def test_a_secret_no_other_var_holds_is_saved_masked_and_the_rest_as_given(
    workspace: Workspace, template: str
) -> None:
    given = ("--var", f"api_key={KEY}", "--var", "pin=8473", "--var", "region=door-12")
    planned = workspace.run("plan", template, *given, "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    assert "Site door-12 feed" in planned.stdout
    saved = json.loads((workspace.path / "plan.json").read_text())["manifest"]["variables"]
    assert saved == {"api_key": "(sensitive)", "pin": "(sensitive)", "region": "door-12"}
    applied = workspace.run("apply", "plan.json", *given, "--auto-approve")
    assert applied.exit_code == 0, applied.output
