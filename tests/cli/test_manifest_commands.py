"""validate, render and schema as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import COMMANDS, cli
from iotplan.render import plan_to_json
from iotplan.render.drift_json import render_drift_json
from tests.conftest import ROOT
from tests.render import drifts, plans


@pytest.fixture(autouse=True)
def in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin)


def test_quickstart_is_valid_and_summarised() -> None:
    result = run("validate", "examples/quickstart/site.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "examples/quickstart/site.yaml: valid (stack quickstart): 1 project, 1 node, 2 devices, 5 sensors\n"
    )


def test_every_example_manifest_is_valid() -> None:
    result = run("validate", "examples/quickstart/site.yaml", "examples/edge/site.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.count(": valid") == 2


def test_rendered_multi_site_example_piped_into_validate_has_50_nodes() -> None:
    rendered = run("render", "examples/multi-site/site.yaml.j2", "--sites", "examples/multi-site/sites.csv")
    assert rendered.exit_code == 0, rendered.output
    result = run("validate", "-", stdin=rendered.stdout)
    assert result.exit_code == 0, result.output
    assert "<stdin>: valid (stack multi-site): 1 project, 50 nodes," in result.stdout


def test_a_template_validates_directly_with_its_sites() -> None:
    result = run("validate", "examples/multi-site/site.yaml.j2", "--sites", "examples/multi-site/sites.csv")
    assert result.exit_code == 0, result.output
    assert "50 nodes" in result.stdout


def test_a_template_without_its_variables_names_file_and_line() -> None:
    result = run("render", "examples/multi-site/site.yaml.j2")
    assert result.exit_code == 1
    assert "examples/multi-site/site.yaml.j2:" in result.stderr
    assert "'sites' is undefined" in result.stderr


def test_one_bad_manifest_among_good_ones_fails_the_run() -> None:
    bad = "tests/cases/manifest/bad/key_with_slash.yaml"
    result = run("validate", "examples/quickstart/site.yaml", bad)
    assert result.exit_code == 1
    assert "valid" in result.stdout and bad in result.stderr


def test_manifests_that_say_one_stack_are_valid_and_warned_about(tmp_path: Path) -> None:
    """Valid each, so exit 0 (they clash only where both are applied to one platform); said on stderr.
    One file named twice is one manifest, not two of one stack."""
    quickstart = "examples/quickstart/site.yaml"
    copy = tmp_path / "copy.yaml"
    copy.write_text(Path(quickstart).read_text())
    result = run("validate", quickstart, f"./{quickstart}", str(copy))
    assert result.exit_code == 0 and result.stdout.count(": valid (stack quickstart)") == 3
    assert result.stderr == (
        f"Warning: {quickstart} and {copy} both say stack 'quickstart': each owns what the other declares, "
        "and applying one removes what only the other declares in project "
        "6ee68656-ce20-452c-a4e6-b6b3a3b55537. Merge them into one manifest; give each a stack of its own "
        "only where its network is not applied yet (an entity cannot move between stacks, so a network "
        "already applied stays in one manifest).\n"
    )


def test_a_missing_file_is_a_clear_error() -> None:
    result = run("validate", "nowhere.yaml")
    assert result.exit_code == 1
    assert "nowhere.yaml: cannot read the manifest" in result.stderr


def test_usage_errors_exit_1_so_2_can_mean_changes() -> None:
    assert run("validate").exit_code == 1
    assert run("no-such-command").exit_code == 1


def test_schema_prints_exactly_the_committed_schema() -> None:
    committed = (ROOT / "schemas" / "iotplan-v1.schema.json").read_text()
    assert run("schema").stdout == committed, "run: iotplan schema > schemas/iotplan-v1.schema.json"
    assert json.loads(committed)["properties"]["apiVersion"]


@pytest.mark.parametrize(
    ("token", "valid"),
    [
        ("${env:SITE_A_TOKEN}", True),
        ("${env:IOTPLAN_API_KEY}", False),
        ("${env:iotplan_token}", False),
        ("${env:IoTpLaN_X}", False),
        ("${env:IOTPLANX}", True),  # the prefix ends with its underscore
        ("${env:_IOTPLAN_X}", True),
        ("${env:1X}", False),
        ("token-itself", False),
    ],
)
def test_the_schema_marks_a_token_naming_iotplans_own_credentials_as_validate_refuses_it(
    token: str, valid: bool, tmp_path: Path
) -> None:
    """An editor reading the schema shows the mistake where it is typed, not at plan time."""
    import jsonschema  # check-jsonschema's own dependency

    schema = json.loads((ROOT / "schemas" / "iotplan-v1.schema.json").read_text())
    node = {"key": "a", "kind": "api", "name": "A", "auth_token": token}
    manifest = {"apiVersion": "iotplan/v1", "stack": "s", "projects": [{"id": "p", "nodes": [node]}]}
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(manifest))
    assert (not errors) is valid, errors
    (tmp_path / "m.yaml").write_text(json.dumps(manifest))
    assert (run("validate", str(tmp_path / "m.yaml")).exit_code == 0) is valid


def test_examples_point_editors_at_the_schema() -> None:
    for example in ("quickstart/site.yaml", "edge/site.yaml", "multi-site/site.yaml.j2"):
        first = (ROOT / "examples" / example).read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schemas/iotplan-v1.schema.json"


@pytest.mark.parametrize("command", [*sorted(COMMANDS), "sim serve"])
def test_every_command_help_ends_with_an_example(command: str) -> None:
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "iotplan " in result.stdout.strip().splitlines()[-1]


SAVED = {
    "plan": (
        lambda: plan_to_json(plans.SCENARIOS["update"]()),
        "a saved plan (made by `iotplan plan --out`)",
    ),
    "drift report": (
        lambda: render_drift_json(drifts.SCENARIOS["fleet"]()),
        "a drift report (made by `iotplan drift`)",
    ),
}
ADVICE = {
    "plan": "apply it with `iotplan apply {0}` or show it with `iotplan show {0}`",
    "drift report": "show it with `iotplan show {0}`",
}


@pytest.mark.parametrize("saved", SAVED)
@pytest.mark.parametrize("command", ["plan", "drift", "validate"])
def test_a_saved_plan_or_drift_report_given_as_the_manifest_is_said_to_be_one_in_one_line(
    command: str, saved: str, tmp_path: Path
) -> None:
    """It used to fail the manifest's schema a dozen times over (no apiVersion, unknown fields)."""
    written, what = SAVED[saved]
    path = tmp_path / "q4.json"
    path.write_text(written(), encoding="utf-8")
    target = [] if command == "validate" else ["--sim-db", str(tmp_path / "sim.db")]
    result = run(command, str(path), *target)
    assert result.exit_code == 1
    said = f"{path} is {what}, not a manifest: {ADVICE[saved].format(path)}"
    assert result.stderr.strip().splitlines() == [said if command == "validate" else f"Error: {said}"]
