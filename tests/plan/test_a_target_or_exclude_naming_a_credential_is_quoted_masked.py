"""A --target or --exclude that matches nothing is quoted as views show text: one naming a credential
(`Password:x`, `api_key=abc123`, pasted into the wrong option) reads `(sensitive)`, never as typed,
as a manifest key refused for its syntax does. One naming none is quoted as typed."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.plan.model import Action
from iotplan.plan.select import select_changes
from tests.render.plans import change

CHANGES = (change("dam-a", Action.NOOP, "in sync"), change("dam-a/logger-1", Action.UPDATE, "differs"))


def refusal(targets: list[str], excludes: list[str]) -> str:
    with pytest.raises(PlanError) as raised:
        select_changes(CHANGES, targets, excludes)
    return str(raised.value)


@pytest.mark.parametrize("glob", ["api_key=abc123", "dam-a/Password:x", "Password:x/*"])
@pytest.mark.parametrize("flag", ["target", "exclude"])
def test_a_pattern_naming_a_credential_is_quoted_masked(flag: str, glob: str) -> None:
    targets, excludes = ([glob], []) if flag == "target" else ([], [glob])
    shown = refusal(targets, excludes)
    assert shown.startswith(f"--{flag} '(sensitive)' matches no address in this plan"), shown
    assert "abc123" not in shown and "Password:x" not in shown, shown


def test_a_pattern_naming_no_credential_is_quoted_as_typed() -> None:
    assert refusal(["zzzz/*"], []).startswith("--target 'zzzz/*' matches no address in this plan")
