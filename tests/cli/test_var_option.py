"""--var KEY=VALUE beside --vars FILE: laid over the file, the last one winning, text as a CSV cell
is, and recorded in a saved plan so that `apply plan.json` renders the template the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from iotplan.cli.main import cli
from tests.e2e.conftest import PROJECT, Workspace

TEMPLATE = f"""apiVersion: iotplan/v1
stack: {{{{ stack }}}}
projects:
  - id: {PROJECT}
    nodes:
      - {{key: gauge, kind: api, name: "{{{{ name }}}}"}}
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "site.yaml.j2"
    path.write_text(TEMPLATE)
    (tmp_path / "vars.yaml").write_text("stack: from-file\nname: from file\n")
    return path


def test_a_var_is_laid_over_the_vars_file_and_the_last_one_wins(template: Path) -> None:
    vars_file = str(template.with_name("vars.yaml"))
    done = run("render", str(template), "--vars", vars_file, "--var", "name=first", "--var", "name=last")
    assert done.exit_code == 0, done.output
    assert 'stack: "from-file"' in done.stdout and 'name: "last"' in done.stdout


def test_a_var_value_is_text_as_a_csv_cell_is(template: Path) -> None:
    done = run("render", str(template), "--var", "stack=s", "--var", "name=007")
    assert 'name: "007"' in done.stdout  # not the number 7


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("name", "'name': expected KEY=VALUE"),
        ("=x", "'' is not a variable name"),
        ("my-name=x", "'my-name' is not a variable name"),
        ("sites=x", "`sites` holds the rows of --sites"),
    ],
)
def test_a_malformed_var_is_one_clear_line_and_nothing_rendered(
    template: Path, given: str, said: str
) -> None:
    done = run("render", str(template), "--var", "stack=s", "--var", given)
    assert done.exit_code == 1 and said in done.output and "Traceback" not in done.output
    assert "apiVersion" not in done.stdout


def test_a_var_used_as_a_number_is_told_to_convert_it(tmp_path: Path) -> None:
    path = tmp_path / "count.yaml.j2"
    path.write_text("stack: s\nkeys:\n{% for i in range(count) %}  - k{{ i }}\n{% endfor %}")
    done = run("render", str(path), "--var", "count=3")
    assert done.exit_code == 1 and f"{path}:3:1: TypeError: 'str' object cannot be interpreted" in done.output
    assert "; a --var value is text: convert it there, `... | int` or `... | float`" in done.output
    path.write_text(path.read_text().replace("range(count)", "range(count | int)"))
    assert "- k2" in run("render", str(path), "--var", "count=3").stdout


def test_a_saved_plan_records_its_vars_and_applies_as_planned(workspace: Workspace, template: Path) -> None:
    planned = workspace.run(
        "plan", str(template), "--var", "stack=vars", "--var", "name=Gauge 1", "--out", "plan.json"
    )
    assert planned.exit_code == 0, planned.output
    saved = json.loads((workspace.path / "plan.json").read_text())
    assert saved["manifest"]["variables"] == {"stack": "vars", "name": "Gauge 1"}
    applied = workspace.run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    assert "Gauge 1" in json.dumps(workspace.live_entity("vars:gauge"))


def test_a_plan_without_vars_saves_as_it_always_did(workspace: Workspace) -> None:
    assert workspace.run("plan", "examples/quickstart/site.yaml", "--out", "plan.json").exit_code == 0
    assert "variables" not in json.loads((workspace.path / "plan.json").read_text())["manifest"]


@pytest.mark.parametrize("command", ["render", "validate", "plan"])
@pytest.mark.parametrize("option", ["--vars", "--sites"])
def test_a_vars_or_sites_file_that_cannot_be_read_is_named_with_its_option(
    template: Path, command: str, option: str
) -> None:
    """It said "missing.yaml: cannot read: ...", which reads as the manifest's own problem."""
    missing = str(template.with_name("missing.yaml"))
    target = ["--sim-db", str(template.with_name("sim.db"))] if command == "plan" else []
    done = run(command, str(template), option, missing, *target)
    assert done.exit_code == 1
    assert f"{option} {missing}: cannot read: No such file or directory" in done.output
