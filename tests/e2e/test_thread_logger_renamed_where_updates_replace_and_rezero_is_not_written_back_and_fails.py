"""Where JSON-RPC `update*` both replaces props (`rpc-update-replaces`) and re-zeroes on any ZERO_DATE
written (`rpc-rewrite-rezeroes`), a rename of a logger holding history leaves its unchanged ZERO_DATE
out, and the platform drops it. The read back shows the logger without it and with ZERO_BASELINE, a prop
the update did not send (the emulator's record of a re-zero, which the client does not know, as it would
not know a real platform's own): not exactly what was sent, so iotplan cannot tell the platform's drop
from another writer's change and writes nothing back (docs/api-assumptions.md, A14). The logger is not
re-zeroed; the unit fails, exit 1, naming its ZERO_DATE and the one next step: its entry no longer
declaring it, to check it in the web app before declaring it (one declaring it:
test_thread_logger_declared_zero_date_not_written_back_is_told_to_apply_it_again.py)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc
from tests.e2e.thread_zero_date import ipi_logger_with_history, rename_ipi_logger


def test_a_logger_with_history_renamed_where_updates_replace_and_rezero_is_not_written_back_and_fails(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = ipi_logger_with_history(workspace, monkeypatch, "rpc-update-replaces,rpc-rewrite-rezeroes")
    rename_ipi_logger(workspace)
    workspace.edit(SITE, '            zero_date: "2026-03-01T00:00:00Z"\n', "")  # undeclared: to declare

    renamed = workspace.run("apply", SITE, "--auto-approve", "--no-color")
    lines = [" ".join(line.split()) for line in renamed.output.splitlines()]

    assert renamed.exit_code == 1, renamed.output
    zero = made["props"]["ZERO_DATE"]
    assert "dropped props not sent" not in renamed.output, renamed.output  # the write-back's warning
    unit = [line for line in lines if line.startswith("tunnel-thread/ipi-chain: iotplan could not confirm")]
    assert len(unit) == 1, renamed.output
    assert f"its ZERO_DATE '{zero}'" in unit[0] and "ZERO_BASELINE, which it did not send" in unit[0], unit
    assert "check it in the platform's web app before declaring" in unit[0].lower(), unit
    assert f'`zero_date: "{zero}"`' in unit[0], unit
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    assert logger["props"].get("ZERO_DATE") is None, "dropped by the replacing update, not written back"
    assert (made["props"]["ZERO_BASELINE"], logger["props"]["ZERO_BASELINE"]) == (0, 0), "not re-zeroed"
