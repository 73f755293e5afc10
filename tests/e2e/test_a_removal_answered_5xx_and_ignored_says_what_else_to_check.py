"""A removal answered with a server error (`write-then-503`) on a platform that ignores connection
removals (`connection-remove-ignored`) was told as "not made, or not yet; run it again": every rerun is
answered the same, so the advice looped, and it no longer said that the platform may not remove it at
all, nor which check-platform lines say so. A 5xx keeps every possibility that is true."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_removal_answered_5xx_and_ignored_says_what_else_to_check(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    text = (workspace.path / QUICKSTART).read_text()
    (workspace.path / QUICKSTART).write_text(text[: text.index("      - key: dam-a\n")] + "      []\n")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "connection-remove-ignored,write-then-503")
    for _run in range(2):  # the second run is answered, and ignored, the same way
        result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
        assert result.exit_code == 1, result.output
        said = " ".join(result.stderr.split())
        assert "the removal of dam-a was answered with a server error (5xx)" in said
        assert (
            "or not at all (a device with sensors, a connection with devices, which a platform may answer"
            in said
        )
        assert "run `iotplan check-platform`: its A4 lines say which" in said
    assert workspace.live_entity("quickstart:dam-a")
