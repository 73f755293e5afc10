"""A held passphrase another input spells with its blanks as characters that show as nothing or as a blank
(a braille blank, a zero-width space, a Hangul filler) stops the run as one spelling them as blanks does:
`--var region=horse<U+2800>battery<U+2800>staple` beside `--var 'api_key=horse battery staple'` planned
and printed the passphrase, exit 0."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_any_credential_named_value_another_input_holds_stops_the_run import (
    stopped,
    template,  # noqa: F401 (a fixture)
)


@pytest.mark.parametrize("blank", ["\u2800", "\u200b", "\u3164"])
def test_a_passphrase_another_var_spells_with_invisible_blanks_stops_the_plan(
    workspace: Workspace,
    template: str,  # noqa: F811 (the fixture imported above)
    blank: str,
) -> None:
    region = blank.join(("horse", "battery", "staple"))
    ran = workspace.run(
        "plan", template, "--var", f"region={region}", "--var", "api_key=horse battery staple"
    )
    stopped(workspace, ran, "--var region holds the value of --var api_key")
    assert "battery" not in ran.output
