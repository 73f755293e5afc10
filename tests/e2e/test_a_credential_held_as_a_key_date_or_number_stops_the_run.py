"""A credential-named --var, --vars or --sites value that another input holds as a mapping's key or as a YAML
date or number stops plan, drift and apply as one held in text does, naming both inputs, never the value: a
template printing the key (`{% for k in sites %}`) or the date (`{{ install }}`, `2706-01-01`) would show it.
Before, keys and dates were never read: `--var password=Xk29PqLm7` beside `sites: {Xk29PqLm7: ...}`, and
`door_pin: 2706` beside `install: 2706-01-01`, were planned and applied in clear. The keys of a
credential-named mapping are withheld with it, and are read as neither."""

from __future__ import annotations

import pytest
from click.testing import Result

from tests.e2e.conftest import PROJECT, Workspace

TEMPLATE = f"""apiVersion: iotplan/v1
stack: held
projects:
  - id: {PROJECT}
    nodes:
{{% for k in sites %}}
      - key: site-{{{{ loop.index }}}}
        kind: api
        name: "Site {{{{ k }}}} feed {{{{ install }}}}"
        devices: []
{{% endfor %}}
"""


def run(workspace: Workspace, command: str, vars_text: str, *more: str) -> Result:
    (workspace.path / "t.yaml.j2").write_text(TEMPLATE)
    (workspace.path / "v.yaml").write_text(vars_text)
    auto = ("--auto-approve",) if command == "apply" else ()
    return workspace.run(command, "t.yaml.j2", "--vars", "v.yaml", *more, *auto)


def stopped(workspace: Workspace, ran: Result, said: str, value: str) -> None:
    assert ran.exit_code == 1, ran.output
    assert said in ran.stderr, ran.stderr
    assert "If it is a secret, keep it out of other inputs" in ran.stderr, ran.stderr
    assert value not in ran.output
    with pytest.raises(KeyError):
        workspace.live_entity("held:site-1")


@pytest.mark.parametrize("command", ["plan", "drift", "apply"])
def test_a_credential_held_as_a_vars_key_stops_the_run(workspace: Workspace, command: str) -> None:
    ran = run(workspace, command, "sites:\n  Xk29PqLm7: {}\ninstall: x\n", "--var", "password=Xk29PqLm7")
    stopped(workspace, ran, "a key of sites of --vars v.yaml holds the value of --var password", "Xk29PqLm7")


def test_a_credential_held_as_a_variables_name_stops_the_run(workspace: Workspace) -> None:
    ran = run(workspace, "plan", "sites: {a: 1}\ninstall: x\nXk29PqLm7: 1\n", "--var", "password=Xk29PqLm7")
    stopped(
        workspace, ran, "a variable's name of --vars v.yaml holds the value of --var password", "Xk29PqLm7"
    )


@pytest.mark.parametrize("command", ["plan", "drift", "apply"])
def test_a_number_credential_held_in_a_date_stops_the_run(workspace: Workspace, command: str) -> None:
    ran = run(workspace, command, "sites: {a: 1}\ninstall: 2706-01-01\ndoor_pin: 2706\n")
    stopped(workspace, ran, "install of --vars v.yaml holds the value of door_pin of --vars v.yaml", "2706")


def test_a_var_credential_held_in_a_date_stops_the_run(workspace: Workspace) -> None:
    ran = run(workspace, "plan", "sites: {a: 1}\ninstall: 2706-01-01\n", "--var", "door_pin=2706")
    stopped(workspace, ran, "install of --vars v.yaml holds the value of --var door_pin", "2706")


def test_a_date_credential_held_elsewhere_stops_the_run(workspace: Workspace) -> None:
    ran = run(
        workspace, "plan", "sites: {a: 1}\ninstall: x\ndoor_pin: 2706-01-01\n", "--var", "note=b2706-01-01"
    )
    stopped(workspace, ran, "--var note holds the value of door_pin of --vars v.yaml", "2706-01-01")


def test_a_credential_named_mappings_keys_are_withheld_with_it(workspace: Workspace) -> None:
    ran = run(workspace, "plan", "sites: {admin: 1}\ninstall: x\npasswords: {admin: hunter22}\n")
    assert ran.exit_code in (0, 2), ran.output
    assert "Site admin feed x" in ran.stdout
