"""The credential stop reads a credential as it reads the other inputs: without what shows as nothing, and
with such a character standing for a blank. A --sites cell `hunter22x<U+200B>` (a byte order mark, a braille
blank) beside a label `hunter22x-feed`, `--var api_key=hunt<U+200B>er22x` beside it, and a label spelling a
held passphrase's blanks as braille blanks planned and printed the secret, exit 0."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_any_credential_named_value_another_input_holds_stops_the_run import (
    SITES_TEMPLATE,
    stopped,
    template,  # noqa: F401 (a fixture)
)


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u2800"])
def test_a_sites_credential_holding_an_invisible_character_stops_the_plan(
    workspace: Workspace, invisible: str
) -> None:
    (workspace.path / "t.yaml.j2").write_text(SITES_TEMPLATE)
    (workspace.path / "s.csv").write_text(f"site,label,password\na,hunter22x-feed,hunter22x{invisible}\n")
    ran = workspace.run("plan", "t.yaml.j2", "--sites", "s.csv")
    stopped(workspace, ran, "holds the value of column 'password'")
    assert "hunter22x" not in ran.output


def test_a_var_credential_holding_an_invisible_character_stops_the_plan(
    workspace: Workspace,
    template: str,  # noqa: F811 (the fixture imported above)
) -> None:
    ran = workspace.run(
        "plan", template, "--var", "region=hunter22x-feed", "--var", "api_key=hunt\u200ber22x"
    )
    stopped(workspace, ran, "--var region holds the value of --var api_key")
    assert "hunter22x" not in ran.output
