"""On a merging platform, another writer clears a logger's ZERO_DATE (and sets NOTES) just after an
update that left it out, so iotplan writes nothing back. Every next step the apply gives for it (the
unit's line, the `Not verified:` line, the closing error) is the warning's: check it in the web app
first, that writer may have cleared it on purpose, and declare it only if it should be back; none
opens with declaring it, which would undo that clear."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE
from tests.e2e.thread_zero_date import vw_logger_renamed_while_another_writer_clears_its_zero_date

ZERO = "2026-05-01T00:00:00Z"
CHECK_FIRST = "check it in the platform's web app before declaring"


def test_a_zero_date_another_writer_cleared_is_checked_in_the_web_app_before_declared(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    vw_logger_renamed_while_another_writer_clears_its_zero_date(workspace, monkeypatch, ZERO)

    renamed = workspace.run("apply", SITE, "--auto-approve", "--no-color")
    lines = [" ".join(line.split()) for line in renamed.output.splitlines()]

    assert renamed.exit_code == 1, renamed.output
    unit = [line for line in lines if line.startswith("tunnel-thread/vw-logger: iotplan could not confirm")]
    unverified = [line for line in lines if line.startswith("Not verified:") and "ZERO_DATE" in line]
    closing = [line for line in lines if line.startswith("Error: apply did not finish")]
    assert len(unit) == len(unverified) == len(closing) == 1, renamed.output
    for line in unit + unverified + closing:  # a step opens a sentence in one, a clause in another
        said = line.lower()
        assert CHECK_FIRST in said and "declare `zero_date" not in said.split(CHECK_FIRST)[0], line
        assert "only if it should be back" in said and f'`zero_date: "{ZERO}"`' in line, line
