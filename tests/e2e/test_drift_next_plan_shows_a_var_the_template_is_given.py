"""The `plan` a drift report's Next line offers writes out a --var the template is given, though its name
holds a credential's word (`bypass_valve`, `author`, `node_key`: an ordinary word, an identifier's key), and
masks only one the template is not given (`api_token`), as a saved plan does: one rule for both. Before, it
offered `--var 'bypass_valve=(sensitive)'`, whose plan renders the text `(sensitive)` where the valve's
name was and plans to write it to the platform."""

from __future__ import annotations

import pytest

from iotplan.cli.options import TemplateFiles
from tests.e2e.conftest import Workspace
from tests.e2e.drift_next_plan import next_command, regions_template

TEMPLATE = regions_template("bypass_valve")


def test_the_next_plan_renders_a_var_named_by_an_ordinary_word_as_given(workspace: Workspace) -> None:
    (workspace.path / "regions.yaml.j2").write_text(TEMPLATE)
    (workspace.path / "one.csv").write_text("site\nn1\n")
    (workspace.path / "two.csv").write_text("site\nn1\ns1\n")
    given = ("--var", "bypass_valve=V-12")
    applied = workspace.run("apply", "regions.yaml.j2", "--sites", "one.csv", *given, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    drifted = workspace.run("drift", "regions.yaml.j2", "--sites", "two.csv", *given)
    assert drifted.exit_code == 2, drifted.output
    command = next_command(drifted.stdout)
    assert command[3:] == ["--sites", "two.csv", *given]
    planned = workspace.run(*command[1:], "--detailed-exitcode")
    assert "Plan: 2 to add, 0 to change" in planned.stdout, planned.output  # n1 is as applied


@pytest.mark.parametrize(
    "var, shown",
    [
        (("bypass_valve", "V-12"), "bypass_valve=V-12"),
        (("author", "jo"), "author=jo"),
        (("node_key", "n-1"), "node_key=n-1"),
        (("api_token", "s3cr3t-value-1234"), "api_token=(sensitive)"),
        (("password", "hunter22"), "password=(sensitive)"),
    ],
)
def test_a_var_is_masked_where_the_template_is_not_given_it(var: tuple[str, str], shown: str) -> None:
    assert TemplateFiles(None, None, (var,)).flags() == ["--var", shown]
