"""Any credential-named --var, --vars or --sites value of 4 characters or more that another --var, --vars or
--sites value holds stops plan, drift and apply before any read or write, naming both inputs and the word
that makes the first a credential, never the value: a plan shows what it writes, so it would show it. Its
message offers both ways out: keep a secret out of other inputs, or name the input otherwise if it holds
none; never `${env:NAME}`, whose resolved value the other input would still write in clear. Before, only a
value "shaped as a secret" stopped the run: `hunter2`, `correct-horse-battery`, a PIN and a nested --vars
credential printed in the plan, a --sites credential was never looked for, and `auth_realm="North Dam feed"`
was told it was a secret. A credential-named value no other input holds is saved "(sensitive)" in a plan and
every other as given, so its apply renders the same (before, `auth_realm=north` saved `region=north` masked
and the apply said the manifest had changed)."""

from __future__ import annotations

import json

import pytest
from click.testing import Result

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
SITES_TEMPLATE = f"""apiVersion: iotplan/v1
stack: held
projects:
  - id: {PROJECT}
    nodes:
{{% for s in sites %}}
      - key: site-{{{{ s.site }}}}
        kind: api
        name: "Site {{{{ s.label }}}} feed"
        devices: []
{{% endfor %}}
"""


@pytest.fixture
def template(workspace: Workspace) -> str:
    (workspace.path / "t.yaml.j2").write_text(TEMPLATE)
    return "t.yaml.j2"


def stopped(workspace: Workspace, ran: Result, *named: str) -> str:
    assert ran.exit_code == 1, ran.output
    for name in named:
        assert name in ran.stderr, ran.stderr
    assert "If it is a secret, keep it out of other inputs, or name it otherwise" in ran.stderr, ran.stderr
    assert "${env:" not in ran.stderr, ran.stderr  # the other input would write the resolved value in clear
    assert "or name it otherwise if it holds none" in ran.stderr, ran.stderr
    with pytest.raises(KeyError):
        workspace.live_entity("held:site-c")
    return ran.stderr


def plan_a_row_holding_the_var_password(workspace: Workspace) -> Result:
    """`plan` of a row whose `label` holds `--var password`'s value."""
    (workspace.path / "t.yaml.j2").write_text(SITES_TEMPLATE)
    (workspace.path / "s.csv").write_text("site,label\na,n-hunter2\n")
    return workspace.run("plan", "t.yaml.j2", "--sites", "s.csv", "--var", "password=hunter2")


def plan_row_bs_label_holding_row_as_password(workspace: Workspace, template: str) -> Result:
    """`plan` of `template` over rows a and b, b's `label` holding a's `password`: stopped, naming both
    inputs by their rows."""
    (workspace.path / "t.yaml.j2").write_text(template)
    (workspace.path / "s.csv").write_text("site,password,label\na,hunter2,north\nb,open,n-hunter2\n")
    ran = workspace.run("plan", "t.yaml.j2", "--sites", "s.csv")
    stopped(
        workspace,
        ran,
        "column 'label' of --sites s.csv (site b, s.csv:3) holds the value of column 'password' of --sites "
        "s.csv (site a, s.csv:2)",
    )
    return ran


@pytest.mark.parametrize(
    "name, value",
    [
        ("api_key", "deadbeefcafebabe"),
        ("password", "correct-horse-battery"),
        ("passphrase", "CorrectHorseBatteryStaple"),
        ("password", "hunter2"),
        ("device_pin", "84736251"),
        ("password", "correct horse"),
        ("auth_realm", "North Dam feed"),
    ],
)
def test_a_credential_named_value_another_var_holds_stops_the_plan(
    workspace: Workspace, template: str, name: str, value: str
) -> None:
    ran = workspace.run(
        "plan", template, "--var", f"{name}={value}", "--var", f"region=n-{value}", "--out", "p.json"
    )
    said = stopped(workspace, ran, f"--var region holds the value of --var {name}", "by its word `")
    assert value not in ran.output and not (workspace.path / "p.json").exists()
    assert "If it is a secret" in said


@pytest.mark.parametrize("command", ["drift", "apply"])
def test_drift_and_apply_stop_before_any_write(workspace: Workspace, template: str, command: str) -> None:
    auto = ("--auto-approve",) if command == "apply" else ()
    ran = workspace.run(command, template, "--var", "password=hunter2", "--var", "region=n-hunter2", *auto)
    stopped(workspace, ran, "--var region", "--var password")
    assert "hunter2" not in ran.output


def test_the_credential_word_is_named_so_one_rename_is_enough(workspace: Workspace, template: str) -> None:
    ran = workspace.run("plan", template, "--var", "auth_server=gw01.north", "--var", "region=gw01.north")
    assert "named as a credential by its word `auth`" in stopped(workspace, ran, "--var auth_server")
    renamed = workspace.run(
        "plan", template, "--var", "gateway_server=gw01.north", "--var", "region=gw01.north"
    )
    assert renamed.exit_code in (0, 2), renamed.output


@pytest.mark.parametrize(
    "vars_text, named",
    [
        ("api_key:\n  primary: Zq7hunter2x9\n", "api_key.primary of --vars v.yaml"),
        ("tokens: [Zq7hunter2x9]\n", "tokens[0] of --vars v.yaml"),
        ("feed:\n  secrets:\n    - {value: Zq7hunter2x9}\n", "feed.secrets[0].value of --vars v.yaml"),
    ],
)
def test_a_nested_vars_credential_is_looked_for(
    workspace: Workspace, template: str, vars_text: str, named: str
) -> None:
    (workspace.path / "v.yaml").write_text(vars_text + "region: n-Zq7hunter2x9\n")
    ran = workspace.run("plan", template, "--vars", "v.yaml")
    stopped(workspace, ran, f"region of --vars v.yaml holds the value of {named}")
    assert "Zq7hunter2x9" not in ran.output


def test_a_sites_credential_a_var_holds_stops_the_plan(workspace: Workspace) -> None:
    (workspace.path / "t.yaml.j2").write_text(
        TEMPLATE.replace("{{ region }}", "{{ region }}-{{ sites[0].site }}")
    )
    (workspace.path / "s.csv").write_text("site,password\na,Zq7hunter2x9\n")
    ran = workspace.run("plan", "t.yaml.j2", "--sites", "s.csv", "--var", "region=n-Zq7hunter2x9")
    stopped(workspace, ran, "--var region holds the value of column 'password' of --sites s.csv")
    assert "Zq7hunter2x9" not in ran.output


def test_a_sites_credential_another_column_holds_stops_the_plan(workspace: Workspace) -> None:
    ran = plan_row_bs_label_holding_row_as_password(workspace, SITES_TEMPLATE)
    assert "hunter2" not in ran.output


def test_a_vars_credential_a_sites_column_holds_stops_the_plan(workspace: Workspace) -> None:
    ran = plan_a_row_holding_the_var_password(workspace)
    stopped(
        workspace, ran, "column 'label' of --sites s.csv (site a, s.csv:2) holds the value of --var password"
    )


def test_a_credential_no_other_input_holds_runs(workspace: Workspace, template: str) -> None:
    ran = workspace.run(
        "plan", template, "--var", "password=hunter2", "--var", "pin=123", "--var", "region=n-123"
    )
    assert ran.exit_code in (0, 2), ran.output
    assert "Site n-123 feed" in ran.stdout


@pytest.mark.parametrize(
    "cells",
    [
        "hunter22x-feed,hunter22x ",
        "hunter22x-feed, hunter22x",
        'hunter22x-feed,"hunter22x "',
        "hunter22x-feed,\thunter22x",
    ],
)
def test_blanks_around_a_sites_credential_do_not_hide_it(workspace: Workspace, cells: str) -> None:
    (workspace.path / "t.yaml.j2").write_text(SITES_TEMPLATE)
    (workspace.path / "s.csv").write_text(f"site,label,password\na,{cells}\n")
    ran = workspace.run("plan", "t.yaml.j2", "--sites", "s.csv")
    stopped(
        workspace,
        ran,
        "column 'label' of --sites s.csv (site a, s.csv:2) holds the value of column 'password' of --sites "
        "s.csv (site a, s.csv:2)",
    )
    assert "hunter22x" not in ran.output


def test_blanks_around_a_var_credential_do_not_hide_it(workspace: Workspace, template: str) -> None:
    ran = workspace.run("plan", template, "--var", "password= hunter22x ", "--var", "region=n-hunter22x")
    stopped(workspace, ran, "--var region holds the value of --var password")
    assert "hunter22x" not in ran.output


def test_blanks_do_not_make_a_short_credential_long_enough(workspace: Workspace, template: str) -> None:
    ran = workspace.run("plan", template, "--var", "pin= 123 ", "--var", "region=n-123")
    assert ran.exit_code in (0, 2), ran.output


def test_a_sites_stop_names_the_rows_of_both_inputs(workspace: Workspace) -> None:
    template = SITES_TEMPLATE.replace("{{ s.label }}", "{{ s.label }}{{ s.password }}")
    ran = plan_row_bs_label_holding_row_as_password(workspace, template)
    assert "drop" not in ran.stderr  # the template reads the column


def test_a_sites_credential_the_template_never_reads_is_said_to_be_dropped(workspace: Workspace) -> None:
    (workspace.path / "t.yaml.j2").write_text(SITES_TEMPLATE)  # reads site and label, never password
    (workspace.path / "s.csv").write_text("site,label,password\na,hunter22x-feed,hunter22x\n")
    ran = workspace.run("plan", "t.yaml.j2", "--sites", "s.csv")
    said = stopped(workspace, ran, "(site a, s.csv:2)")
    assert "t.yaml.j2 never reads column 'password': drop it from s.csv" in said, said
    assert "hunter22x" not in ran.output


def test_a_var_credential_a_row_holds_names_that_row(workspace: Workspace) -> None:
    ran = plan_a_row_holding_the_var_password(workspace)
    stopped(
        workspace, ran, "column 'label' of --sites s.csv (site a, s.csv:2) holds the value of --var password,"
    )


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
