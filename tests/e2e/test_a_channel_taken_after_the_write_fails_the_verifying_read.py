"""A sensor created on channel 8 while another writer moved pz-1 (10 observations) onto it: the
verifying read finds two sensors on one channel. It said only "pz-1: update … another writer changed
what this apply wrote meanwhile", though this apply never wrote pz-1, and never that channel 8 now
reads mixed data; its `iotplan plan` advice would move the other writer's sensor back unseen."""

from __future__ import annotations

import pytest

from tests.e2e.channel_taken_meanwhile import applied_with_history, moved_onto_8_meanwhile
from tests.e2e.conftest import Workspace


def test_a_channel_taken_after_the_write_fails_the_verifying_read(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_with_history(workspace)
    moved_onto_8_meanwhile(workspace, monkeypatch, "create_sensor")

    applied = workspace.run("apply", "site.yaml", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert "Verified" not in applied.output
    said = " ".join(applied.output.split())
    assert (
        "mux_index 8 is the channel of both t1/vw/pz-1 (10 observations) and t1/vw/pz-4 (0 observations)"
        in said
    ), said
    assert "another writer changed what this apply wrote" not in said
