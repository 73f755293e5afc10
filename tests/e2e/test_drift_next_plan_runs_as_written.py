"""The `plan` a drift report's Next line offers runs as written: a template's --sites, --vars and
--var, and the target options drift was given, carried over (without them the template is refused,
'sites' is undefined, or the plan reads another platform); a credential never written out."""

from __future__ import annotations

from iotplan.cli.options import TemplateFiles
from tests.e2e.conftest import Workspace
from tests.e2e.drift_next_plan import next_command, regions_template

TEMPLATE = regions_template("suffix")


def test_the_next_plan_renders_the_same_sites_against_the_same_platform(workspace: Workspace) -> None:
    (workspace.path / "regions.yaml.j2").write_text(TEMPLATE)
    (workspace.path / "one.csv").write_text("site\nn1\n")
    (workspace.path / "two.csv").write_text("site\nn1\ns1\n")
    target = ("--sim-db", "other/sim.db")  # not the default one a bare `plan` would read
    (workspace.path / "other").mkdir()
    applied = workspace.run(
        "apply", "regions.yaml.j2", "--sites", "one.csv", "--var", "suffix=feed", *target, "--auto-approve"
    )
    assert applied.exit_code == 0, applied.output
    drifted = workspace.run("drift", "regions.yaml.j2", "--sites", "two.csv", "--var", "suffix=feed", *target)
    assert drifted.exit_code == 2, drifted.output
    command = next_command(drifted.stdout)
    assert command[3:] == ["--sites", "two.csv", "--var", "suffix=feed", *target]
    planned = workspace.run(*command[1:], "--detailed-exitcode")
    assert planned.exit_code == 2, planned.output  # s1 to create, read from the same platform
    assert "# connection s1" in planned.stdout and "Plan: 2 to add, 0 to change" in planned.stdout


def test_a_var_that_reads_as_a_credential_is_not_written_out() -> None:
    given = TemplateFiles(None, "sites.csv", (("api_token", "s3cr3t-value-1234"), ("region", "north")))
    assert given.flags() == [
        "--sites",
        "sites.csv",
        "--var",
        "api_token=(sensitive)",
        "--var",
        "region=north",
    ]
