"""On a merging platform, another writer clears a logger's ZERO_DATE (and sets NOTES) just after an
update that left it out: the read back shows the entity not as the update left it, so iotplan writes
nothing back. The warning on what the verifying read no longer shows says that (the entity changed
after the update, maybe by another writer; check it before declaring it), not that the platform
dropped it and iotplan could not write it back, which would undo that writer's clear."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE
from tests.e2e.thread_zero_date import vw_logger_renamed_while_another_writer_clears_its_zero_date

ZERO = "2026-05-01T00:00:00Z"


def test_a_zero_date_another_writer_cleared_is_not_said_dropped_by_the_platform(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    vw_logger_renamed_while_another_writer_clears_its_zero_date(workspace, monkeypatch, ZERO)

    caplog.clear()
    renamed = workspace.run("apply", SITE, "--auto-approve", "--no-color")
    warned = [" ".join(record.getMessage().split()) for record in caplog.records]
    output = renamed.output + "\n".join(warned)

    assert renamed.exit_code == 1, output
    told = [line for line in warned if line.startswith("tunnel-thread/vw-logger") and "ZERO_DATE" in line]
    assert told, output
    for line in told:
        assert "platform dropped" not in line and "could not write it back" not in line, line
        assert "another writer" in line and "check it in the platform's web app before" in line, line
        assert f'zero_date: "{ZERO}"' in line, line
