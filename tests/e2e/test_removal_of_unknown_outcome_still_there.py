"""A removal whose answer was unreadable (`write-then-empty-200`) that the fresh read still shows
(`connection-remove-ignored`) did not take: every rerun is answered the same way, so the advice is
check-platform's A4 lines, not "run it again to converge" (fz74 #1). Before, each run said so and
the verifying plan showed the removal still to do."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_removal_of_unknown_outcome_still_there_points_to_check_platform(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text[: text.index("      - key: dam-a\n")] + "      []\n")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "connection-remove-ignored,write-then-empty-200")
    for _run in range(2):  # the second run is answered, and ignored, the same way
        result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
        assert result.exit_code == 1, result.output
        assert "run it again to converge" not in result.stderr
        assert (
            "Error: apply did not finish: the removal of dam-a was answered with an error, unreadably or "
            "not at all, and a fresh read still shows it: it did not take (yet)."
        ) in result.stderr
        assert (
            "Run `iotplan check-platform`: its A4 lines say which, before running it again" in result.stderr
        )
    assert workspace.live_entity("quickstart:dam-a")


def test_a_replacements_removal_of_unknown_outcome_still_there_is_told_alike(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A replacement's removal is a removal too (cr66 #2): its answer unreadable and the device still
    shown (refused once carried out), the advice is check-platform's A3 lines, not a rerun."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "remove-deferred,no-cascade,write-then-empty-200")
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert result.exit_code == 1, result.output
    assert "run it again to converge" not in result.stderr
    assert (
        "the removal of dam-a/weather was answered with an error, unreadably or not at all, and a fresh read "
        "still shows it"
    ) in " ".join(result.stderr.split())
