"""With `--format json`, a removal answered with a server error that the fresh read still shows kept
its unit's message "may or may not have been applied: run `iotplan plan`" (which shows the removal
still to do), and only stderr gave the advice. The unit's message, which JSON readers take the next
step from, carries the same advice as the closing error."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_removal_answered_5xx_and_still_shown_gives_its_advice_in_json(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text[: text.index("      - key: dam-a\n")] + "      []\n")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "connection-remove-ignored,write-then-503")
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy", "--format", "json")
    assert result.exit_code == 1, result.output
    (unit,) = [each for each in json.loads(result.stdout)["outcomes"] if each["connection"] == "dam-a"]
    assert "run `iotplan plan` to see the truth" not in unit["message"]
    advice = " ".join(result.stderr.split()).split("the removal of dam-a was answered", 1)[1]
    advice = advice.rsplit(" (nothing applied is lost)", 1)[0]
    assert f"the removal of dam-a was answered{advice}" in unit["message"]
